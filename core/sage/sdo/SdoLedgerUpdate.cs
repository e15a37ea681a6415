// SdoLedgerUpdate.cs - "Update Ledgers" for one invoicing-module document, the way the SDO help shows it:
// cast the InvoiceRecord to IUpdateLedgers and call Post, whose Boolean says whether it worked. Post is not on
// the record's default dispatch interface, so late binding by name cannot reach it. The bridge has no interop
// assembly of a particular SDO version, so the interface is found in the record's own type library (by name;
// its IID differs between SDO versions), obtained by QueryInterface, and Post is invoked on that interface.
using System;
using System.Runtime.InteropServices;

namespace SageBot.Sdo
{
    using ComTypes = System.Runtime.InteropServices.ComTypes;

    /// <summary>The first slots of IDispatch (the standard interface): enough to read an object's type information.</summary>
    [ComImport, Guid("00020400-0000-0000-C000-000000000046"), InterfaceType(ComInterfaceType.InterfaceIsIUnknown)]
    interface IDispatchTypeInfo
    {
        [PreserveSig] int GetTypeInfoCount(out int count);
        [PreserveSig] int GetTypeInfo(int index, int lcid, out ComTypes.ITypeInfo info);
    }

    public static class LedgerUpdate
    {
        public const string InterfaceName = "IUpdateLedgers";
        const int DispatchInvokeSlot = 6;
        const short DispatchMethod = 1;
        const short TypeFlagDispatchable = 0x1000;

        [UnmanagedFunctionPointer(CallingConvention.StdCall)]
        delegate int DispatchInvoke(IntPtr self, int dispId, ref Guid riid, int lcid, short flags, ref ComTypes.DISPPARAMS args, IntPtr result, IntPtr excepInfo, IntPtr argErr);

        [UnmanagedFunctionPointer(CallingConvention.StdCall)]
        delegate int VtablePost(IntPtr self, out short result);

        [DllImport("oleaut32.dll")]
        static extern int VariantClear(IntPtr variant);

        /// <summary>IUpdateLedgers.Post on a record (e.g. an InvoiceRecord): true when Sage updated the ledgers.</summary>
        public static bool Post(object record)
        {
            if (record == null || !Marshal.IsComObject(record))
                throw new SdoFailure(null, "SAGE_FAILURE", "Update Ledgers needs a Sage Data Objects record; this is not one.");
            ComTypes.ITypeInfo info;
            ComTypes.TYPEATTR attr;
            FindInterface(record, out info, out attr);
            var iid = attr.guid;
            var unknown = Marshal.GetIUnknownForObject(record);
            try
            {
                IntPtr itf;
                if (Marshal.QueryInterface(unknown, ref iid, out itf) != 0 || itf == IntPtr.Zero)
                    throw new SdoFailure(null, "SAGE_FAILURE", "This Sage Data Objects version cannot update one invoice to the ledgers (no " + InterfaceName + "; Sage 2015 or later is needed): run Update Ledgers in Sage.");
                try { return Invoke(itf, info, attr); }
                finally { Marshal.Release(itf); }
            }
            finally { Marshal.Release(unknown); }
        }

        /// <summary>The IUpdateLedgers type in the type library the record's own type information comes from.</summary>
        static void FindInterface(object record, out ComTypes.ITypeInfo found, out ComTypes.TYPEATTR attr)
        {
            var dispatch = record as IDispatchTypeInfo;
            ComTypes.ITypeInfo own = null;
            if (dispatch == null || dispatch.GetTypeInfo(0, 0, out own) != 0 || own == null)
                throw new SdoFailure(null, "SAGE_FAILURE", "Sage Data Objects gave no type information for the record, so " + InterfaceName + " cannot be found: run Update Ledgers in Sage.");
            ComTypes.ITypeLib lib;
            int index;
            own.GetContainingTypeLib(out lib, out index);
            for (var i = 0; i < lib.GetTypeInfoCount(); i++)
            {
                string name, doc, file;
                int context;
                lib.GetDocumentation(i, out name, out doc, out context, out file);
                if (name != InterfaceName) continue;
                lib.GetTypeInfo(i, out found);
                attr = ReadAttr(found);
                return;
            }
            throw new SdoFailure(null, "SAGE_FAILURE", "This Sage Data Objects version has no " + InterfaceName + " (Sage 2015 or later is needed): run Update Ledgers in Sage.");
        }

        static ComTypes.TYPEATTR ReadAttr(ComTypes.ITypeInfo info)
        {
            IntPtr p;
            info.GetTypeAttr(out p);
            try { return (ComTypes.TYPEATTR)Marshal.PtrToStructure(p, typeof(ComTypes.TYPEATTR)); }
            finally { info.ReleaseTypeAttr(p); }
        }

        /// <summary>Post through the interface pointer: IDispatch::Invoke when it is dispatchable (dual), else its vtable slot.</summary>
        static bool Invoke(IntPtr itf, ComTypes.ITypeInfo info, ComTypes.TYPEATTR attr)
        {
            var ids = new int[1];
            info.GetIDsOfNames(new[] { "Post" }, 1, ids);
            var vtable = Marshal.ReadIntPtr(itf);
            if ((attr.wTypeFlags & (ComTypes.TYPEFLAGS)TypeFlagDispatchable) != 0 || attr.typekind == ComTypes.TYPEKIND.TKIND_DISPATCH)
            {
                var invoke = (DispatchInvoke)Marshal.GetDelegateForFunctionPointer(Marshal.ReadIntPtr(vtable, DispatchInvokeSlot * IntPtr.Size), typeof(DispatchInvoke));
                var none = new ComTypes.DISPPARAMS();
                var empty = Guid.Empty;
                var result = Marshal.AllocCoTaskMem(32);
                try
                {
                    for (var b = 0; b < 32; b++) Marshal.WriteByte(result, b, 0);
                    var hr = invoke(itf, ids[0], ref empty, 0, DispatchMethod, ref none, result, IntPtr.Zero, IntPtr.Zero);
                    if (hr != 0) Marshal.ThrowExceptionForHR(hr);
                    return Convert.ToBoolean(Marshal.GetObjectForNativeVariant(result));
                }
                finally { VariantClear(result); Marshal.FreeCoTaskMem(result); }
            }
            var offset = VtableOffset(info, attr, ids[0]);
            var post = (VtablePost)Marshal.GetDelegateForFunctionPointer(Marshal.ReadIntPtr(vtable, offset), typeof(VtablePost));
            short ok;
            var code = post(itf, out ok);
            if (code != 0) Marshal.ThrowExceptionForHR(code);
            return ok != 0;
        }

        static int VtableOffset(ComTypes.ITypeInfo info, ComTypes.TYPEATTR attr, int memberId)
        {
            for (var i = 0; i < attr.cFuncs; i++)
            {
                IntPtr p;
                info.GetFuncDesc(i, out p);
                try
                {
                    var f = (ComTypes.FUNCDESC)Marshal.PtrToStructure(p, typeof(ComTypes.FUNCDESC));
                    if (f.memid == memberId) return f.oVft;
                }
                finally { info.ReleaseFuncDesc(p); }
            }
            throw new SdoFailure(null, "SAGE_FAILURE", InterfaceName + " has no Post method in this Sage Data Objects version: run Update Ledgers in Sage.");
        }
    }
}
