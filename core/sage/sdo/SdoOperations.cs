// SdoOperations.cs - the port operations of the SDO bridge that write: setup, accounts, products and postings
// (receipts, allocations and queries are in SdoQueries.cs). Partial class of Bridge (SdoBridge.cs); sdo-loader.ts hands both files to edge-js
// as one source. Every method runs on the bridge's STA thread.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace SageBot.Sdo
{
    public partial class Bridge
    {
        const int Guard = 1000000;

        static int ToInt(object v, int fallback)
        {
            try { return v == null || v is DBNull ? fallback : Convert.ToInt32(v, CultureInfo.InvariantCulture); } catch (Exception) { return fallback; }
        }

        static Dictionary<string, object> Obj(params object[] kv)
        {
            var d = new Dictionary<string, object>();
            for (var i = 0; i + 1 < kv.Length; i += 2) d[(string)kv[i]] = kv[i + 1];
            return d;
        }

        static string TypeName(int type)
        {
            switch (type) { case 1: return "SI"; case 2: return "SC"; case 3: return "SR"; case 4: return "SA"; case 6: return "PI"; case 7: return "PC"; case 15: return "JD"; case 16: return "JC"; default: return "T" + type; }
        }

        // ---- setup -----------------------------------------------------------------------------------

        object ReadSetup()
        {
            var setup = Create("SetupData");
            Com.Call(setup, "Read", 1);
            var month = ToInt(Com.TryField(setup, "FINYEAR_MONTH"), 1);
            var year = ToInt(Com.TryField(setup, "FINYEAR_YEAR"), DateTime.Today.Year);
            var lockOn = ToInt(Com.TryField(setup, "CLOSED_LEDGER_DATE_CONTROL_ENABLED"), 0) != 0;
            return Obj(
                "companyName", Convert.ToString(Com.TryField(setup, "NAME", "COMPANY_NAME") ?? "").Trim(),
                "financialYearStart", new DateTime(year < 1900 ? DateTime.Today.Year : year, Math.Max(1, Math.Min(12, month)), 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                "lockDate", lockOn ? Iso(Com.TryField(setup, "CLOSED_LEDGER_CHECK_DATE", "CLOSED_LEDGER_DATE")) : null,
                "taxCodes", TaxCodes(), "nominals", Walk("NominalRecord", r => Obj("code", Com.Text(r, "ACCOUNT_REF"), "name", Com.Text(r, "NAME"))),
                "controls", Controls(), "banks", Walk("BankRecord", r => Com.Text(r, "ACCOUNT_REF")),
                "departments", Departments(), "projects", Projects(), "currencies", Currencies(),
                "vatCashFlag", VatFlag(setup, "VAT_CASH_FLAG"), "vatSchemeFlag", VatFlag(setup, "VAT_SCHEME_FLAG"));
        }

        /// <summary>A VAT scheme flag of SetupData (the help's Check VAT Schemes example reads both); null when absent.</summary>
        static object VatFlag(object setup, string field)
        {
            var v = Com.TryField(setup, field);
            if (v == null || v is DBNull) return null;
            return ToInt(v, 0);
        }

        /// <summary>True on a VAT cash-accounting company (SetupData VAT_CASH_FLAG non-zero).</summary>
        bool CashAccounting()
        {
            var setup = Create("SetupData");
            Com.Call(setup, "Read", 1);
            var flag = VatFlag(setup, "VAT_CASH_FLAG");
            return flag != null && (int)flag != 0;
        }

        /// <summary>Every record of a record object, first to last.</summary>
        List<object> Walk(string objectName, Func<object, object> read)
        {
            var list = new List<object>();
            var rec = Create(objectName);
            if (!Com.CallBool(rec, "MoveFirst")) return list;
            var n = 0;
            do { list.Add(read(rec)); } while (++n < Guard && Com.CallBool(rec, "MoveNext"));
            return list;
        }

        List<object> TaxCodes()
        {
            var control = Create("ControlData");
            Com.Call(control, "Read", 1);
            var list = new List<object>();
            for (var n = 0; n <= 99; n++)
            {
                var rate = Com.TryField(control, "T" + n + "_RATE");
                if (rate == null) continue;
                var description = Convert.ToString(Com.TryField(control, "T" + n + "_DESCRIPTION") ?? "").Trim();
                var r = Convert.ToDouble(rate, CultureInfo.InvariantCulture);
                if (description.Length == 0 && r == 0 && n != 0 && n != 9) continue;
                list.Add(Obj("number", n, "rate", r, "description", description));
            }
            return list;
        }

        List<object> Controls()
        {
            var list = new List<object>();
            for (var type = 1; type <= 40; type++)
            {
                try
                {
                    var rec = Create("NominalRecord");
                    if (Com.CallBool(rec, "FindControlAccount", type)) list.Add(Obj("type", type, "code", Com.Text(rec, "ACCOUNT_REF")));
                }
                catch (Exception) { }
            }
            return list;
        }

        List<object> Departments()
        {
            var list = new List<object>();
            var d = Create("DepartmentData");
            var count = Math.Min(1000, ToInt(Com.Get(d, "Count"), 1));
            for (var i = 1; i <= count; i++)
            {
                Com.Call(d, "Read", i);
                var name = Com.Text(d, "NAME");
                if (i == 1 || name.Length > 0) list.Add(Obj("number", i - 1, "name", name.Length > 0 ? name : "Default"));
            }
            return list;
        }

        /// <summary>Projects, when this SDO version can list them; null lets Sage itself judge project refs.</summary>
        object Projects()
        {
            try
            {
                var p = Com.Call(ws, "CreateProject");
                var list = new List<object>();
                if (!Com.CallBool(p, "MoveFirst")) return list;
                var n = 0;
                do { list.Add(Obj("ref", Com.Text(p, "REFERENCE"), "name", Com.Text(p, "NAME"))); } while (++n < Guard && Com.CallBool(p, "MoveNext"));
                return list;
            }
            catch (Exception) { return null; }
        }

        List<object> Currencies()
        {
            var list = new List<object>();
            var c = Create("CurrencyData");
            var count = Math.Min(255, ToInt(Com.Get(c, "Count"), 1));
            for (var i = 1; i <= count; i++)
            {
                Com.Call(c, "Read", i);
                var code = Com.Text(c, "CODE");
                if (i > 1 && code.Length == 0) continue;
                list.Add(Obj("index", i - 1, "code", code.Length > 0 ? code : "GBP", "name", Com.Text(c, "NAME"), "symbol", Com.Text(c, "SYMBOL"), "rate", Com.Num(c, "EXCHANGE_RATE")));
            }
            return list;
        }

        // ---- accounts and products -------------------------------------------------------------------

        object FindAccount(string ledger, string reference)
        {
            var rec = Create(ledger == "sales" ? "SalesRecord" : "PurchaseRecord");
            Com.SetField(rec, "ACCOUNT_REF", reference);
            if (!Com.CallBool(rec, "Find", false) || !string.Equals(Com.Text(rec, "ACCOUNT_REF"), reference, StringComparison.OrdinalIgnoreCase)) return null;
            return Obj("ref", Com.Text(rec, "ACCOUNT_REF"), "name", Com.Text(rec, "NAME"), "currency", ToInt(Com.TryField(rec, "CURRENCY"), 0));
        }

        object CreateAccount(IDictionary<string, object> a)
        {
            var rec = Create(S(a, "ledger") == "sales" ? "SalesRecord" : "PurchaseRecord");
            Com.Call(rec, "AddNew");
            Com.SetField(rec, "ACCOUNT_REF", S(a, "ref"));
            Com.SetField(rec, "NAME", S(a, "name"));
            Com.SetField(rec, "CURRENCY", Convert.ToByte(D(a, "currency")));
            if (!Com.CallBool(rec, "Update")) throw LastErrorFailure(null);
            return FindAccount(S(a, "ledger"), S(a, "ref"));
        }

        object FindProduct(string code)
        {
            var rec = Create("StockRecord");
            Com.SetField(rec, "STOCK_CODE", code);
            if (!Com.CallBool(rec, "Find", false) || !string.Equals(Com.Text(rec, "STOCK_CODE"), code, StringComparison.OrdinalIgnoreCase)) return null;
            return Obj("code", Com.Text(rec, "STOCK_CODE"), "description", Com.Text(rec, "DESCRIPTION"), "itemType", ToInt(Com.TryField(rec, "ITEM_TYPE"), 0),
                "salesNominal", Com.Text(rec, "NOMINAL_CODE"), "purchaseNominal", Com.Text(rec, "PURCHASE_NOMINAL_CODE"), "taxCode", ToInt(Com.TryField(rec, "TAX_CODE"), 1));
        }

        object CreateProduct(IDictionary<string, object> a)
        {
            var rec = Create("StockRecord");
            Com.Call(rec, "AddNew");
            Com.SetField(rec, "STOCK_CODE", S(a, "code"));
            Com.SetField(rec, "DESCRIPTION", S(a, "description"));
            Com.SetField(rec, "ITEM_TYPE", Convert.ToByte(D(a, "itemType")));
            Com.SetField(rec, "NOMINAL_CODE", S(a, "salesNominal"));
            Com.SetField(rec, "PURCHASE_NOMINAL_CODE", S(a, "purchaseNominal"));
            Com.SetField(rec, "TAX_CODE", Convert.ToInt16(D(a, "taxCode")));
            if (!Com.CallBool(rec, "Update")) throw LastErrorFailure(null);
            return FindProduct(S(a, "code"));
        }

        // ---- postings --------------------------------------------------------------------------------

        /// <summary>InvoicePost, TransactionPost, JournalPost, PopPost or StockPost from a marshal.ts payload.</summary>
        object Post(IDictionary<string, object> a)
        {
            var post = Create(S(a, "object"));
            if (Has(a, "ledgerType")) Com.Set(post, "Type", Convert.ToInt32(a["ledgerType"]));
            var header = Com.Get(post, "Header");
            WriteFields(header, a["header"]);
            var items = Com.Get(post, "Items");
            foreach (var raw in List(a["items"]))
            {
                var item = (IDictionary<string, object>)raw;
                var line = Com.Call(items, "Add");
                WriteFields(line, item["fields"]);
                if (Has(item, "text")) { try { Com.Set(line, "Text", S(item, "text")); } catch (Exception) { } }
                if (Has(item, "project")) Com.Set(line, "Project", LoadProject(S(item, "project")));
            }
            if (!Com.CallBool(post, "Update")) throw LastErrorFailure(null);
            var result = new Dictionary<string, object>();
            try { result["postingNumber"] = ToInt(Com.Get(post, "PostingNumber"), 0); } catch (Exception) { }
            var number = ToInt(Com.TryField(header, "INVOICE_NUMBER"), 0);
            if (number > 0) result["invoiceNumber"] = number;
            return result;
        }

        object LoadProject(string reference)
        {
            var project = Com.Call(ws, "CreateProject");
            if (!Com.CallBool(project, "Load", reference)) throw new SdoFailure(null, "SAGE_PROJECT_UNKNOWN", "Project " + reference + " does not exist in Sage.");
            return project;
        }
    }
}
