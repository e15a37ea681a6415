// SdoBridge.cs - the C# half of sagebot's SDO driver, run by edge-js inside node.exe (Windows, .NET Framework).
//
// One entry point, Startup.Invoke({ op, args }), answers { ok: true, value } or { ok: false, error }.
// Sage Data Objects is driven by late-bound COM (Type.GetTypeFromProgID("SDOEngine.NN") + IDispatch through
// reflection), so no interop assembly of a particular SDO version is needed. SDO objects are apartment
// threaded: they all live on one dedicated STA thread, and every call is `await Task.Run(...)`-ed onto it, so
// a long COM call never blocks Node's event loop. Field maps come ready-made from marshal.ts; this file only
// converts values to the COM types Sage expects (byte TYPE/TAX_FLAG, short TAX_CODE, DateTime *DATE, double money).
using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Win32;

public class Startup
{
    static readonly SageBot.Sdo.Bridge Bridge = new SageBot.Sdo.Bridge();

    public async Task<object> Invoke(object input)
    {
        var payload = (IDictionary<string, object>)input;
        var op = Convert.ToString(payload["op"]);
        object rawArgs;
        payload.TryGetValue("args", out rawArgs);
        var args = rawArgs as IDictionary<string, object> ?? new Dictionary<string, object>();
        return await Task.Run(() => Bridge.Worker.RunAsync(() => Bridge.Dispatch(op, args)));
    }
}

namespace SageBot.Sdo
{
    /// <summary>A refusal the bridge reports as { ok: false, error }.</summary>
    public class SdoFailure : Exception
    {
        public readonly int? SdoCode;
        public readonly string Kind;
        public SdoFailure(int? sdoCode, string kind, string text) : base(text) { SdoCode = sdoCode; Kind = kind; }
    }

    /// <summary>One single-threaded apartment that owns every SDO object.</summary>
    public class StaWorker
    {
        readonly BlockingCollection<Action> queue = new BlockingCollection<Action>();

        public StaWorker()
        {
            var t = new Thread(() => { foreach (var job in queue.GetConsumingEnumerable()) job(); });
            t.IsBackground = true;
            t.Name = "sagebot-sdo";
            t.SetApartmentState(ApartmentState.STA);
            t.Start();
        }

        public Task<object> RunAsync(Func<object> work)
        {
            var tcs = new TaskCompletionSource<object>();
            queue.Add(() =>
            {
                object result = null;
                Exception error = null;
                try { result = work(); } catch (Exception e) { error = e; }
                // Complete from the thread pool: the awaiting code must never run on (and hold up) the STA thread.
                ThreadPool.QueueUserWorkItem(_ => { if (error != null) tcs.TrySetException(error); else tcs.TrySetResult(result); });
            });
            return tcs.Task;
        }
    }

    /// <summary>Late-bound COM through IDispatch.</summary>
    public static class Com
    {
        const BindingFlags Get_ = BindingFlags.GetProperty | BindingFlags.InvokeMethod;
        public static object Get(object o, string name, params object[] args) { return o.GetType().InvokeMember(name, Get_, null, o, args); }
        public static void Set(object o, string name, object value) { o.GetType().InvokeMember(name, BindingFlags.SetProperty, null, o, new[] { value }); }
        public static object Call(object o, string name, params object[] args) { return o.GetType().InvokeMember(name, BindingFlags.InvokeMethod, null, o, args); }
        public static bool CallBool(object o, string name, params object[] args) { return Convert.ToBoolean(Call(o, name, args)); }
        public static object Field(object rec, string name) { return Get(Get(Get(rec, "Fields"), "Item", name), "Value"); }
        public static string Text(object rec, string name) { return Convert.ToString(Field(rec, name), CultureInfo.InvariantCulture).Trim(); }
        public static double Num(object rec, string name) { var v = Field(rec, name); return v == null || v is DBNull ? 0 : Convert.ToDouble(v, CultureInfo.InvariantCulture); }
        public static void SetField(object rec, string name, object value) { Set(Get(Get(rec, "Fields"), "Item", name), "Value", value); }
        public static object TryField(object rec, params string[] names)
        {
            foreach (var n in names) { try { return Field(rec, n); } catch (Exception) { } }
            return null;
        }
        public static void Release(object o) { if (o != null && Marshal.IsComObject(o)) Marshal.FinalReleaseComObject(o); }
    }

    public partial class Bridge
    {
        public readonly StaWorker Worker = new StaWorker();
        object engine;
        object ws;

        /// <summary>"Update Ledgers" for one record: IUpdateLedgers.Post (SdoLedgerUpdate.cs); tests put a stand-in here.</summary>
        public Func<object, bool> UpdateLedgers = LedgerUpdate.Post;

        /// <summary>Use an engine and workspace opened elsewhere (the unit tests drive the bridge with stand-in objects).</summary>
        public void Attach(object sdoEngine, object workspace) { engine = sdoEngine; ws = workspace; }

        // Plain arrays, not HashSet: edge-cs compiles this source against mscorlib and System only.
        // Types as the SDO help's field tables give them (InvoiceItem / PopItem: TAX_FLAG and SERVICE_FLAG are Byte).
        static readonly string[] ByteFields = { "TYPE", "INVOICE_TYPE_CODE", "CURRENCY", "ITEM_TYPE", "POSTED_CODE", "TAX_FLAG", "SERVICE_FLAG" };
        static readonly string[] ShortFields = { "TAX_CODE", "DEPT_NUMBER", "CARR_TAX_CODE", "GLOBAL_TAX_CODE", "GLOBAL_DEPT_NUMBER" };
        static readonly string[] IntFields = { "INVOICE_NUMBER", "ORDER_NUMBER" };

        public object Dispatch(string op, IDictionary<string, object> a)
        {
            try
            {
                if (op != "connect" && ws == null) throw new SdoFailure(16, "SAGE_NOT_CONNECTED", "Not connected to Sage.");
                switch (op)
                {
                    case "connect": return Ok(Connect(a));
                    case "disconnect": return Ok(Disconnect());
                    case "readSetup": return Ok(ReadSetup());
                    case "findAccount": return Ok(FindAccount(S(a, "ledger"), S(a, "ref")));
                    case "createAccount": return Ok(CreateAccount(a));
                    case "findProduct": return Ok(FindProduct(S(a, "code")));
                    case "createProduct": return Ok(CreateProduct(a));
                    case "post": return Ok(Post(a));
                    case "receipt": return Ok(Receipt(a));
                    case "allocate": return Ok(Allocate(a));
                    case "find": return Ok(Find(a));
                    case "findMany": return Ok(FindMany(a));
                    case "paymentChanges": return Ok(PaymentChanges(S(a, "since")));
                    default: throw new SdoFailure(null, "SAGE_FAILURE", "Unknown bridge operation " + op);
                }
            }
            catch (SdoFailure f) { return Fail(f.SdoCode, f.Kind, f.Message, op); }
            catch (TargetInvocationException e) { var f = LastErrorFailure(e.InnerException ?? e); return Fail(f.SdoCode, f.Kind, f.Message, op); }
            catch (COMException e) { var f = LastErrorFailure(e); return Fail(f.SdoCode, f.Kind, f.Message, op); }
            catch (Exception e)
            {
                var bitness = e is BadImageFormatException || Regex.IsMatch(e.Message, "80040154|Class not registered|class factory", RegexOptions.IgnoreCase);
                return Fail(null, bitness ? "SAGE_DRIVER_UNAVAILABLE" : null, e.GetType().Name + ": " + e.Message, op);
            }
        }

        static Dictionary<string, object> Ok(object value) { return new Dictionary<string, object> { { "ok", true }, { "value", value } }; }

        static Dictionary<string, object> Fail(int? code, string kind, string text, string op)
        {
            var error = new Dictionary<string, object> { { "text", text }, { "op", op } };
            if (code.HasValue) error["sdoCode"] = code.Value;
            if (kind != null) error["kind"] = kind;
            return new Dictionary<string, object> { { "ok", false }, { "error", error } };
        }

        /// <summary>SDO's own reason for the last failure (engine.LastError.Code / .Text).</summary>
        SdoFailure LastErrorFailure(Exception cause)
        {
            var com = cause as COMException;
            if (com != null && (uint)com.ErrorCode == 0x80040154)
                return new SdoFailure(null, "SAGE_DRIVER_UNAVAILABLE", "Sage Data Objects is not registered for this process (REGDB_E_CLASSNOTREG): run a Node.js of the same bitness as SDO.");
            try
            {
                var last = Com.Get(engine, "LastError");
                var code = Convert.ToInt32(Com.Get(last, "Code"));
                var text = Convert.ToString(Com.Get(last, "Text"));
                if (code != 0) return new SdoFailure(code, null, text);
            }
            catch (Exception) { }
            return new SdoFailure(null, null, cause == null ? "Sage refused the update." : cause.Message);
        }

        // ---- values ----------------------------------------------------------------------------------

        static string S(IDictionary<string, object> a, string key)
        {
            object v;
            return a.TryGetValue(key, out v) && v != null ? Convert.ToString(v, CultureInfo.InvariantCulture) : "";
        }

        static double D(IDictionary<string, object> a, string key)
        {
            object v;
            return a.TryGetValue(key, out v) && v != null ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : 0;
        }

        static bool Has(IDictionary<string, object> a, string key)
        {
            object v;
            return a.TryGetValue(key, out v) && v != null;
        }

        static DateTime Day(string iso) { return DateTime.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture); }

        static string Iso(object v)
        {
            if (v == null || v is DBNull) return null;
            var d = Convert.ToDateTime(v, CultureInfo.InvariantCulture);
            return d.Year < 1900 ? null : d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        /// <summary>Cast a JSON value to the COM type Sage wants for this field (the SDO help advises casting every write).</summary>
        static object ToCom(string field, object v)
        {
            if (v == null) return null;
            if (v is string && field.EndsWith("DATE", StringComparison.Ordinal)) return Day((string)v);
            if (v is string || v is bool) return v;
            if (Array.IndexOf(ByteFields, field) >= 0) return Convert.ToByte(v, CultureInfo.InvariantCulture);
            if (Array.IndexOf(ShortFields, field) >= 0) return Convert.ToInt16(v, CultureInfo.InvariantCulture);
            if (Array.IndexOf(IntFields, field) >= 0) return Convert.ToInt32(v, CultureInfo.InvariantCulture);
            return Convert.ToDouble(v, CultureInfo.InvariantCulture); // money arrives rounded to 2 places; quantities and rates keep theirs
        }

        static void WriteFields(object rec, object fields)
        {
            var map = fields as IDictionary<string, object>;
            if (map == null) return;
            foreach (var kv in map) Com.SetField(rec, kv.Key, ToCom(kv.Key, kv.Value));
        }

        object Create(string name) { return Com.Call(ws, "CreateObject", name); }

        static IEnumerable<object> List(object v)
        {
            var e = v as IEnumerable;
            if (e == null || v is string) yield break;
            foreach (var x in e) yield return x;
        }

        // ---- connection ------------------------------------------------------------------------------

        object Connect(IDictionary<string, object> a)
        {
            Disconnect();
            var progId = Has(a, "sdoVersion") ? "SDOEngine." + Convert.ToInt32(a["sdoVersion"]) : RegistryProgId();
            var type = Type.GetTypeFromProgID(progId);
            if (type == null)
                throw new SdoFailure(null, "SAGE_DRIVER_UNAVAILABLE", progId + " is not registered on this computer: install Sage Data Objects, set SAGE_SDO_VERSION, and run a Node.js of the same bitness as SDO.");
            engine = Activator.CreateInstance(type);
            ws = Com.Call(Com.Get(engine, "Workspaces"), "Add", "sagebot" + Guid.NewGuid().ToString("N").Substring(0, 8));
            var dir = S(a, "companyDir").TrimEnd('\\', '/');
            var dataPath = dir.EndsWith("ACCDATA", StringComparison.OrdinalIgnoreCase) ? dir : Path.Combine(dir, "ACCDATA");
            bool ok;
            try { ok = Com.CallBool(ws, "Connect", dataPath, S(a, "user"), S(a, "password"), "sagebot"); }
            catch (TargetInvocationException e) { var f = LastErrorFailure(e.InnerException ?? e); ws = null; throw f; }
            if (!ok) { var f = LastErrorFailure(null); ws = null; throw f; }
            var version = Regex.Match(progId, @"(\d+)$");
            return new Dictionary<string, object> { { "progId", progId }, { "version", version.Success ? int.Parse(version.Value) : 0 } };
        }

        /// <summary>The current SDO ProgID from HKLM\SOFTWARE\(Wow6432Node\)Sage\Line 50\SDO, value "Current".</summary>
        static string RegistryProgId()
        {
            foreach (var view in new[] { RegistryView.Registry32, RegistryView.Registry64 })
            {
                try
                {
                    using (var hklm = RegistryKey.OpenBaseKey(RegistryHive.LocalMachine, view))
                    using (var key = hklm.OpenSubKey(@"SOFTWARE\Sage\Line 50\SDO") ?? hklm.OpenSubKey(@"SOFTWARE\Wow6432Node\Sage\Line 50\SDO"))
                    {
                        var current = key == null ? null : Convert.ToString(key.GetValue("Current"));
                        if (string.IsNullOrEmpty(current)) continue;
                        if (current.StartsWith("SDOEngine", StringComparison.OrdinalIgnoreCase)) return current;
                        var m = Regex.Match(current, @"(\d+)");
                        if (m.Success) return "SDOEngine." + m.Value;
                    }
                }
                catch (Exception) { }
            }
            throw new SdoFailure(null, "SAGE_DRIVER_UNAVAILABLE", "No Sage Data Objects version is registered (HKLM\\SOFTWARE\\Sage\\Line 50\\SDO\\Current): install SDO or set SAGE_SDO_VERSION.");
        }

        object Disconnect()
        {
            if (ws != null) { try { Com.Call(ws, "Disconnect"); } catch (Exception) { } }
            Com.Release(ws);
            Com.Release(engine);
            ws = null;
            engine = null;
            return new Dictionary<string, object>();
        }
    }
}
