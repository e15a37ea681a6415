// SdoPayments.cs - receipts and credit allocations, which must find the invoice first (updating an unposted
// invoicing-module document to the ledgers through IUpdateLedgers). Both are allocated split by split, each
// split taking at most its own outstanding, and neither is posted on a VAT cash-accounting company.
// Partial class of Bridge (SdoBridge.cs); runs on the bridge's STA thread.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace SageBot.Sdo
{
    class SplitInfo
    {
        public int Record;
        public double Left;
    }

    public partial class Bridge
    {
        // ---- receipts and allocations ----------------------------------------------------------------

        const string CashAccountingText = "this Sage company uses VAT cash accounting, where VAT falls due when an invoice is paid; sagebot posts receipts and allocations only as the SDO help documents them for the standard VAT scheme. Record it in Sage itself.";

        object Receipt(IDictionary<string, object> a)
        {
            if (CashAccounting()) throw new SdoFailure(null, "SAGE_VAT_CASH_ACCOUNTING", "The receipt was not posted: " + CashAccountingText);
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
            // Split by split, as the help's multi-split example does: each split takes at most its own outstanding.
            var left = amount;
            foreach (var target in Splits(invoice))
            {
                if (left <= 0.004) break;
                var part = Math.Round(Math.Min(left, target.Left), 2);
                if (part <= 0.004) continue;
                if (!Com.CallBool(post, "AllocatePayment", target.Record, paymentSplit, part, date)) throw LastErrorFailure(null);
                left = Math.Round(left - part, 2);
            }
            return Obj("postingNumber", posting);
        }

        /// <summary>The splits of a header (HeaderData.Link -> SplitData) with what is left on each: NET + TAX - AMOUNT_PAID.</summary>
        List<SplitInfo> Splits(HeaderInfo h)
        {
            var list = new List<SplitInfo>();
            var hd = Create("HeaderData");
            Com.Call(hd, "Read", h.Record);
            var split = Com.Get(hd, "Link");
            if (!Com.CallBool(split, "MoveFirst")) return list;
            for (var i = 0; i < Math.Max(1, h.SplitCount); i++)
            {
                var left = Math.Round(Com.Num(split, "NET_AMOUNT") + Com.Num(split, "TAX_AMOUNT") - Com.Num(split, "AMOUNT_PAID"), 2);
                list.Add(new SplitInfo { Record = ToInt(Com.Get(split, "RecordNumber"), 0), Left = left });
                if (!Com.CallBool(split, "MoveNext")) break;
            }
            return list;
        }

        object Allocate(IDictionary<string, object> a)
        {
            if (CashAccounting()) throw new SdoFailure(null, "SAGE_VAT_CASH_ACCOUNTING", "The allocation was not made: " + CashAccountingText);
            var credit = SalesDoc(S(a, "credit"), Convert.ToBoolean(a["creditByNumber"]), 2, null);
            var invoice = SalesDoc(S(a, "invoice"), Convert.ToBoolean(a["invoiceByNumber"]), 1, credit.Account);
            var amount = Has(a, "amount") ? D(a, "amount") : Math.Min(credit.Outstanding, invoice.Outstanding);
            if (amount <= 0) throw new SdoFailure(null, "SAGE_ZERO_VALUE", "Nothing is left to allocate between credit " + credit.Reference + " and invoice " + invoice.Reference + ".");
            if (amount > credit.Outstanding + 0.004 || amount > invoice.Outstanding + 0.004)
                throw new SdoFailure(null, "SAGE_OVER_ALLOCATION", string.Format(CultureInfo.InvariantCulture, "The allocation of {0:0.00} is more than is left on credit {1} ({2:0.00}) or outstanding on invoice {3} ({4:0.00}).", amount, credit.Reference, credit.Outstanding, invoice.Reference, invoice.Outstanding));
            var post = Create("TransactionPost");
            var date = Day(S(a, "date"));
            var credits = Splits(credit).FindAll(x => x.Left > 0.004);
            var left = amount;
            var c = 0;
            // Each invoice split takes its own outstanding from the credit's splits in turn (the help's multi-split credit example).
            foreach (var split in Splits(invoice))
            {
                var need = Math.Round(Math.Min(left, split.Left), 2);
                while (need > 0.004 && c < credits.Count)
                {
                    var part = Math.Round(Math.Min(need, credits[c].Left), 2);
                    if (!Com.CallBool(post, "AllocatePayment", split.Record, credits[c].Record, part, date)) throw LastErrorFailure(null);
                    credits[c].Left = Math.Round(credits[c].Left - part, 2);
                    need = Math.Round(need - part, 2);
                    left = Math.Round(left - part, 2);
                    if (credits[c].Left <= 0.004) c++;
                }
                if (left <= 0.004) break;
            }
            return Obj("amount", Math.Round(amount - left, 2), "account", invoice.Account);
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
                    if (ToInt(Com.TryField(ir, "POSTED_CODE"), 1) == 0) UpdateToLedgers(ir, what + " " + reference);
                }
            }
            var list = HeadersByRef(reference, type, account);
            if (list.Count == 0) throw new SdoFailure(null, "SAGE_DOCUMENT_UNKNOWN", "There is no sales " + what + " " + reference + (account != null ? " on account " + account : "") + " in Sage.");
            return list.Find(h => h.Outstanding > 0.004) ?? list[0];
        }

        /// <summary>Update Ledgers for one unposted invoicing-module document; Post's False, or a POSTED_CODE still 0, is a failure.</summary>
        void UpdateToLedgers(object ir, string what)
        {
            const string fix = ": run Update Ledgers in Sage (Invoices and credits > Update Ledgers), then try again.";
            bool ok;
            try { ok = UpdateLedgers(ir); }
            catch (SdoFailure f) { throw new SdoFailure(f.SdoCode, f.Kind, what + " is not on the ledgers yet and SDO could not update it (" + f.Message + ")" + fix); }
            catch (Exception e) { throw new SdoFailure(null, "SAGE_FAILURE", what + " is not on the ledgers yet and SDO could not update it (" + e.Message + ")" + fix); }
            if (!ok) throw new SdoFailure(null, "SAGE_FAILURE", what + " is not on the ledgers yet and Sage refused to update it (IUpdateLedgers.Post answered False)" + fix);
            Com.Call(ir, "Read", ToInt(Com.Get(ir, "RecordNumber"), 0));
            if (ToInt(Com.TryField(ir, "POSTED_CODE"), 0) == 0)
                throw new SdoFailure(null, "SAGE_FAILURE", what + " still shows as not updated after Update Ledgers" + fix);
        }
    }
}
