// SdoQueries.cs - receipts and allocations (which must find the invoice first), findDocuments and payment
// changes. Partial class of Bridge (SdoBridge.cs); runs on the bridge's STA thread.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SageBot.Sdo
{
    class HeaderInfo
    {
        public int Record, FirstSplit, Type, SplitCount;
        public string Account, Reference;
        public double Net, Tax, Paid;
        public double Outstanding { get { return Math.Round(Net + Tax - Paid, 2); } }
    }

    public partial class Bridge
    {
        // ---- receipts and allocations ----------------------------------------------------------------

        object Receipt(IDictionary<string, object> a)
        {
            var account = S(a, "account");
            var invoice = SalesDoc(S(a, "invoice"), Convert.ToBoolean(a["byNumber"]), 1, account);
            var amount = D(a, "amount");
            if (amount > invoice.Outstanding + 0.004)
                throw new SdoFailure(null, "SAGE_OVER_ALLOCATION", string.Format(CultureInfo.InvariantCulture, "The receipt is for {0:0.00} but only {1:0.00} of invoice {2} is outstanding.", amount, invoice.Outstanding, invoice.Reference));
            var date = Day(S(a, "date"));
            var post = Create("TransactionPost");
            var h = Com.Get(post, "Header");
            Com.SetField(h, "ACCOUNT_REF", account);
            Com.SetField(h, "TYPE", (byte)3);
            Com.SetField(h, "DATE", date);
            Com.SetField(h, "POSTED_DATE", date);
            Com.SetField(h, "INV_REF", S(a, "reference"));
            Com.SetField(h, "DETAILS", "Sales Receipt");
            Com.SetField(h, "BANK_CODE", S(a, "bank"));
            // A foreign account: the receipt is in its currency at the current rate; Sage keeps the base amount too.
            var currency = Convert.ToByte(D(a, "currency"));
            var rate = D(a, "rate") > 0 ? D(a, "rate") : 1.0;
            var baseAmount = currency == 0 ? amount : Math.Round(amount / rate, 2, MidpointRounding.AwayFromZero);
            Com.SetField(h, "NET_AMOUNT", baseAmount);
            Com.SetField(h, "TAX_AMOUNT", 0.0);
            if (currency != 0)
            {
                Com.SetField(h, "CURRENCY", currency);
                Com.SetField(h, "FOREIGN_RATE", rate);
                Com.SetField(h, "FOREIGN_NET_AMOUNT", amount);
                Com.SetField(h, "FOREIGN_TAX_AMOUNT", 0.0);
            }
            var split = Com.Call(Com.Get(post, "Items"), "Add");
            Com.SetField(split, "TYPE", (byte)3);
            Com.SetField(split, "NOMINAL_CODE", S(a, "bank"));
            Com.SetField(split, "TAX_CODE", (short)9);
            Com.SetField(split, "NET_AMOUNT", baseAmount);
            if (currency != 0) Com.SetField(split, "FOREIGN_NET_AMOUNT", amount);
            Com.SetField(split, "TAX_AMOUNT", 0.0);
            Com.SetField(split, "DATE", date);
            Com.SetField(split, "DETAILS", "Sales Receipt");
            if (!Com.CallBool(post, "Update")) throw LastErrorFailure(null);
            var posting = ToInt(Com.Get(post, "PostingNumber"), 0);
            var hd = Create("HeaderData");
            Com.Call(hd, "Read", posting);
            var paymentSplit = ToInt(Com.Field(hd, "FIRST_SPLIT"), 0);
            if (!Com.CallBool(post, "AllocatePayment", invoice.FirstSplit, paymentSplit, amount, date)) throw LastErrorFailure(null);
            return Obj("postingNumber", posting);
        }

        object Allocate(IDictionary<string, object> a)
        {
            var credit = SalesDoc(S(a, "credit"), Convert.ToBoolean(a["creditByNumber"]), 2, null);
            var invoice = SalesDoc(S(a, "invoice"), Convert.ToBoolean(a["invoiceByNumber"]), 1, credit.Account);
            var amount = Has(a, "amount") ? D(a, "amount") : Math.Min(credit.Outstanding, invoice.Outstanding);
            if (amount <= 0) throw new SdoFailure(null, "SAGE_ZERO_VALUE", "Nothing is left to allocate between credit " + credit.Reference + " and invoice " + invoice.Reference + ".");
            if (amount > credit.Outstanding + 0.004 || amount > invoice.Outstanding + 0.004)
                throw new SdoFailure(null, "SAGE_OVER_ALLOCATION", string.Format(CultureInfo.InvariantCulture, "The allocation of {0:0.00} is more than is left on credit {1} ({2:0.00}) or outstanding on invoice {3} ({4:0.00}).", amount, credit.Reference, credit.Outstanding, invoice.Reference, invoice.Outstanding));
            var post = Create("TransactionPost");
            if (!Com.CallBool(post, "AllocatePayment", invoice.FirstSplit, credit.FirstSplit, amount, Day(S(a, "date")))) throw LastErrorFailure(null);
            return Obj("amount", amount, "account", invoice.Account);
        }

        object FindInvoiceRecord(int number)
        {
            var ir = Create("InvoiceRecord");
            Com.SetField(ir, "INVOICE_NUMBER", number);
            return Com.CallBool(ir, "Find", false) && ToInt(Com.Field(ir, "INVOICE_NUMBER"), 0) == number ? ir : null;
        }

        static bool IsCredit(object ir) { var t = ToInt(Com.Field(ir, "INVOICE_TYPE_CODE"), 0); return t == 3 || t == 4; }

        /// <summary>An invoice (type 1) or credit (type 2) on the audit trail; an unposted invoicing-module document is updated to the ledgers first.</summary>
        HeaderInfo SalesDoc(string reference, bool byNumber, int type, string account)
        {
            var what = type == 1 ? "invoice" : "credit note";
            if (byNumber)
            {
                var ir = FindInvoiceRecord(int.Parse(reference, CultureInfo.InvariantCulture));
                if (ir != null)
                {
                    if (IsCredit(ir) != (type == 2)) throw new SdoFailure(null, "SAGE_DOCUMENT_UNKNOWN", "Document " + reference + " is not a " + what + ".");
                    if (account != null && !string.Equals(Com.Text(ir, "ACCOUNT_REF"), account, StringComparison.OrdinalIgnoreCase))
                        throw new SdoFailure(null, "SAGE_DOCUMENT_UNKNOWN", what + " " + reference + " belongs to account " + Com.Text(ir, "ACCOUNT_REF") + ", not " + account + ".");
                    if (ToInt(Com.TryField(ir, "POSTED_CODE"), 1) == 0)
                    {
                        // Sage 2015+: InvoiceRecord implements IUpdateLedgers.Post() ("Update Ledgers" for one document).
                        try { Com.Call(ir, "Post"); }
                        catch (Exception) { throw new SdoFailure(null, "SAGE_FAILURE", what + " " + reference + " has not been updated to the ledgers and SDO could not do it: run Update Ledgers in Sage, then try again."); }
                    }
                }
            }
            var list = HeadersByRef(reference, type, account);
            if (list.Count == 0) throw new SdoFailure(null, "SAGE_DOCUMENT_UNKNOWN", "There is no sales " + what + " " + reference + (account != null ? " on account " + account : "") + " in Sage.");
            return list.Find(h => h.Outstanding > 0.004) ?? list[0];
        }

        static HeaderInfo ReadHeader(object hd)
        {
            return new HeaderInfo
            {
                Record = ToInt(Com.Get(hd, "RecordNumber"), 0), FirstSplit = ToInt(Com.Field(hd, "FIRST_SPLIT"), 0), Type = ToInt(Com.Field(hd, "TYPE"), 0),
                SplitCount = ToInt(Com.TryField(hd, "NO_OF_SPLIT"), 1), Account = Com.Text(hd, "ACCOUNT_REF"), Reference = Com.Text(hd, "INV_REF"),
                Net = Com.Num(hd, "NET_AMOUNT"), Tax = Com.Num(hd, "TAX_AMOUNT"), Paid = Com.Num(hd, "AMOUNT_PAID"),
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

        object Find(IDictionary<string, object> a)
        {
            var doc = S(a, "doc");
            var list = new List<object>();
            if (doc == "invoice")
            {
                var number = Convert.ToInt32(a["number"]);
                var ir = FindInvoiceRecord(number);
                if (ir != null) list.Add(Obj("id", "invoice:" + number, "type", IsCredit(ir) ? "credit" : "invoice", "number", number, "reference", number.ToString(CultureInfo.InvariantCulture),
                    "account", Com.Text(ir, "ACCOUNT_REF"), "net", Convert.ToDouble(Com.TryField(ir, "ITEMS_NET", "NET_AMOUNT") ?? 0.0), "tax", Convert.ToDouble(Com.TryField(ir, "ITEMS_TAX", "TAX_AMOUNT") ?? 0.0)));
            }
            else if (doc == "transaction" || doc == "journal")
            {
                int? type = doc == "transaction" ? (int?)Convert.ToInt32(a["type"]) : null;
                foreach (var h in HeadersByRef(S(a, "reference"), type, Has(a, "account") ? S(a, "account") : null))
                    if (doc == "transaction" || h.Type == 15 || h.Type == 16)
                        list.Add(Obj("id", "tran:" + h.Record, "type", TypeName(h.Type), "reference", h.Reference, "account", h.Account, "net", h.Net, "tax", h.Tax));
            }
            else if (doc == "purchaseOrder")
            {
                var number = Convert.ToInt32(a["number"]);
                var po = Create("PopRecord");
                Com.SetField(po, "ORDER_NUMBER", number);
                if (Com.CallBool(po, "Find", false) && ToInt(Com.Field(po, "ORDER_NUMBER"), 0) == number)
                    list.Add(Obj("id", "po:" + number, "type", "PO", "number", number, "reference", Com.Text(po, "SUPP_ORDER_NUMBER"), "account", Com.Text(po, "ACCOUNT_REF"),
                        "net", Convert.ToDouble(Com.TryField(po, "ITEMS_NET", "NET_AMOUNT") ?? 0.0), "tax", Convert.ToDouble(Com.TryField(po, "ITEMS_TAX", "TAX_AMOUNT") ?? 0.0)));
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
