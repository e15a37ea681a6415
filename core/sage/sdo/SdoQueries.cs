// SdoQueries.cs - audit-trail look-ups, findDocuments and payment changes (receipts and allocations are in
// SdoPayments.cs). Partial class of Bridge (SdoBridge.cs); runs on the bridge's STA thread.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SageBot.Sdo
{
    class HeaderInfo
    {
        public int Record, FirstSplit, Type, SplitCount, Currency;
        public string Account, Reference;
        public double Net, Tax, Paid;
        public double Outstanding { get { return Math.Round(Net + Tax - Paid, 2); } }
    }

    public partial class Bridge
    {
        static HeaderInfo ReadHeader(object hd)
        {
            return new HeaderInfo
            {
                Record = ToInt(Com.Get(hd, "RecordNumber"), 0), FirstSplit = ToInt(Com.Field(hd, "FIRST_SPLIT"), 0), Type = ToInt(Com.Field(hd, "TYPE"), 0),
                SplitCount = ToInt(Com.TryField(hd, "NO_OF_SPLIT"), 1), Account = Com.Text(hd, "ACCOUNT_REF"), Reference = Com.Text(hd, "INV_REF"),
                Net = Com.Num(hd, "NET_AMOUNT"), Tax = Com.Num(hd, "TAX_AMOUNT"), Paid = Com.Num(hd, "AMOUNT_PAID"),
                Currency = ToInt(Com.TryField(hd, "CURRENCY"), 0),
            };
        }

        /// <summary>Audit-trail headers with this INV_REF (sequential FindFirst/FindNext: the value is padded to the field's 30 characters).</summary>
        List<HeaderInfo> HeadersByRef(string reference, int? type, string account)
        {
            var list = new List<HeaderInfo>();
            var hd = Create("HeaderData");
            var key = reference.PadRight(30);
            bool found;
            try { found = Com.CallBool(hd, "FindFirst", "INV_REF", key); } catch (Exception) { found = false; }
            for (var n = 0; found && n < Guard; n++)
            {
                var h = ReadHeader(hd);
                if (h.Reference == reference && (!type.HasValue || h.Type == type.Value) && (account == null || string.Equals(h.Account, account, StringComparison.OrdinalIgnoreCase))) list.Add(h);
                found = Com.CallBool(hd, "FindNext", "INV_REF", key);
            }
            return list;
        }

        // ---- queries ---------------------------------------------------------------------------------

        /// <summary>Many look-ups in one call (reconciliation reads a whole batch back): answer i is Find(keys[i]).</summary>
        object FindMany(IDictionary<string, object> a)
        {
            var answers = new List<object>();
            foreach (var raw in List(a["keys"])) answers.Add(Find((IDictionary<string, object>)raw));
            return answers;
        }

        object Find(IDictionary<string, object> a)
        {
            var doc = S(a, "doc");
            var list = new List<object>();
            if (doc == "invoice")
            {
                var number = Convert.ToInt32(a["number"]);
                var ir = FindInvoiceRecord(number);
                if (ir != null) list.Add(Obj("id", "invoice:" + number, "type", IsCredit(ir) ? "credit" : "invoice", "number", number, "reference", number.ToString(CultureInfo.InvariantCulture),
                    "account", Com.Text(ir, "ACCOUNT_REF"), "net", Convert.ToDouble(Com.TryField(ir, "ITEMS_NET", "NET_AMOUNT") ?? 0.0), "tax", Convert.ToDouble(Com.TryField(ir, "ITEMS_TAX", "TAX_AMOUNT") ?? 0.0),
                    "currency", ToInt(Com.TryField(ir, "CURRENCY"), 0)));
            }
            else if (doc == "transaction" || doc == "journal")
            {
                int? type = doc == "transaction" ? (int?)Convert.ToInt32(a["type"]) : null;
                foreach (var h in HeadersByRef(S(a, "reference"), type, Has(a, "account") ? S(a, "account") : null))
                    if (doc == "transaction" || h.Type == 15 || h.Type == 16)
                        list.Add(Obj("id", "tran:" + h.Record, "type", TypeName(h.Type), "reference", h.Reference, "account", h.Account, "net", h.Net, "tax", h.Tax, "currency", h.Currency));
            }
            else if (doc == "purchaseOrder")
            {
                var number = Convert.ToInt32(a["number"]);
                var po = Create("PopRecord");
                Com.SetField(po, "ORDER_NUMBER", number);
                if (Com.CallBool(po, "Find", false) && ToInt(Com.Field(po, "ORDER_NUMBER"), 0) == number)
                    list.Add(Obj("id", "po:" + number, "type", "PO", "number", number, "reference", Com.Text(po, "SUPP_ORDER_NUMBER"), "account", Com.Text(po, "ACCOUNT_REF"),
                        "net", Convert.ToDouble(Com.TryField(po, "ITEMS_NET", "NET_AMOUNT") ?? 0.0), "tax", Convert.ToDouble(Com.TryField(po, "ITEMS_TAX", "TAX_AMOUNT") ?? 0.0),
                        "currency", ToInt(Com.TryField(po, "CURRENCY"), 0)));
            }
            else if (doc == "stock")
            {
                var st = Create("StockTran");
                var reference = S(a, "reference");
                var key = reference.PadRight(30);
                var type = Convert.ToInt32(a["type"]);
                bool found;
                try { found = Com.CallBool(st, "FindFirst", "REFERENCE", key); } catch (Exception) { found = false; }
                for (var n = 0; found && n < Guard; n++)
                {
                    if (Com.Text(st, "REFERENCE") == reference && ToInt(Com.Field(st, "TYPE"), 0) == type && (!Has(a, "stockCode") || Com.Text(st, "STOCK_CODE") == S(a, "stockCode")))
                        list.Add(Obj("id", "stock:" + ToInt(Com.Get(st, "RecordNumber"), 0), "type", type == 1 ? "AI" : "AO", "reference", reference,
                            "net", Math.Round(Com.Num(st, "COST_PRICE") * Com.Num(st, "QUANTITY"), 2), "tax", 0.0));
                    found = Com.CallBool(st, "FindNext", "REFERENCE", key);
                }
            }
            return list;
        }

        /// <summary>Sales invoices and credits whose allocations (UsageData) are dated on or after `since`.</summary>
        object PaymentChanges(string since)
        {
            var from = Day(since);
            var list = new List<object>();
            var hd = Create("HeaderData");
            if (!Com.CallBool(hd, "MoveFirst")) return list;
            var n = 0;
            do
            {
                var type = ToInt(Com.Field(hd, "TYPE"), 0);
                if (type != 1 && type != 2) continue;
                var modified = Com.TryField(hd, "RECORD_MODIFY_DATE");
                if (modified != null && !(modified is DBNull) && Convert.ToDateTime(modified, CultureInfo.InvariantCulture).Date < from) continue;
                var h = ReadHeader(hd);
                var usages = Usages(hd, h.SplitCount);
                if (usages.Count == 0) continue;
                usages.Sort((x, y) => x.Key.CompareTo(y.Key));
                DateTime? fully = null;
                var cumulative = 0.0;
                foreach (var u in usages) { cumulative += u.Value; if (!fully.HasValue && cumulative >= h.Net + h.Tax - 0.004) fully = u.Key; }
                var last = usages[usages.Count - 1].Key;
                if (last < from) continue;
                var kind = type == 1 ? "SI" : "SC";
                if (Regex.IsMatch(h.Reference, @"^\d+$") && h.Reference.Length < 10)
                {
                    var ir = FindInvoiceRecord(int.Parse(h.Reference, CultureInfo.InvariantCulture));
                    if (ir != null && IsCredit(ir) == (type == 2)) kind = type == 1 ? "invoice" : "credit";
                }
                list.Add(Obj("kind", kind, "reference", h.Reference, "account", h.Account, "currency", ToInt(Com.TryField(hd, "CURRENCY"), 0),
                    "gross", Math.Round(h.Net + h.Tax, 2), "amountPaid", h.Paid, "fullyPaidOn", fully.HasValue && h.Outstanding <= 0.004 ? fully.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                    "lastChanged", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
            } while (++n < Guard && Com.CallBool(hd, "MoveNext"));
            return list;
        }

        /// <summary>The allocations (date, amount) of a header: HeaderData.Link -> SplitData, SplitData.Link -> UsageData.</summary>
        static List<KeyValuePair<DateTime, double>> Usages(object hd, int splitCount)
        {
            var result = new List<KeyValuePair<DateTime, double>>();
            try
            {
                var split = Com.Get(hd, "Link");
                if (!Com.CallBool(split, "MoveFirst")) return result;
                for (var i = 0; i < Math.Max(1, splitCount); i++)
                {
                    var usage = Com.Get(split, "Link");
                    if (Com.CallBool(usage, "MoveFirst"))
                    {
                        var n = 0;
                        do { result.Add(new KeyValuePair<DateTime, double>(Convert.ToDateTime(Com.Field(usage, "DATE"), CultureInfo.InvariantCulture).Date, Com.Num(usage, "AMOUNT"))); }
                        while (++n < Guard && Com.CallBool(usage, "MoveNext"));
                    }
                    if (!Com.CallBool(split, "MoveNext")) break;
                }
            }
            catch (Exception) { }
            return result;
        }
    }
}
