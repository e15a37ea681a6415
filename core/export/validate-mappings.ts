/**
 * Mapping validation: every rule that ties a Manage value to a Sage one (the guide's "Mapping Corresponding Data"),
 * each failure reported as a Problem that names the record, says what is wrong and how to fix it in
 * Manage or Sage terms. The translators ask the Mapper for each Sage value they need; a value that cannot be
 * mapped comes back `undefined` and leaves a problem behind, which fails the whole batch before anything is
 * posted. Checks that need the ledger (does this customer exist?) are in validate-parties.ts.
 */

import type { CatalogItem, ProductType, TaxCodeWithLevels } from '../manage/models.ts';
import type { ItemType, LedgerSetup } from '../sage/ledger.ts';
import { checkAccountRef, LIMITS, normaliseRef, parseTaxCode } from '../sage/rules.ts';
import type { ProblemSink } from './problems.ts';
import type { Settings } from './types.ts';

export interface MappingInputs {
  setup: LedgerSetup;
  settings: Settings;
  /** Manage tax codes with their levels (level 1 carries the Sage code in taxCodeXref). */
  taxCodes: TaxCodeWithLevels[];
  productTypes: ProductType[];
  /** Catalog items of the products on the selection (to find their product type). */
  catalog: CatalogItem[];
}

/** Who a check is for: the record it blocks and how users name it ("invoice 460"). */
export interface Subject {
  manageId: number;
  name: string;
}

export interface TaxMapping {
  code: string; // T1
  rate: number; // percent, Sage's rate
}

export interface CurrencyMapping {
  currency: string;
  /** undefined for the base currency. */
  exchangeRate?: number;
}

const TYPE_XREF: Record<string, ItemType> = {
  inventorypart: 'stock',
  noninventorypart: 'non-stock',
  othercharge: 'service',
  service: 'description',
};

/** "Inventory Part" / "InventoryPart" → stock, etc.; undefined when it is none of the four. */
export function itemTypeOfXref(xref: string | undefined): ItemType | undefined {
  return TYPE_XREF[(xref ?? '').replace(/[\s_-]/g, '').toLowerCase()];
}

export type Mapper = ReturnType<typeof createMapper>;

export function createMapper(inputs: MappingInputs, sink: ProblemSink) {
  const { setup } = inputs;
  const nominals = new Map(setup.nominals.map((n) => [n.code, n]));
  const sageTax = new Map(setup.taxCodes.map((t) => [t.code.toUpperCase(), t]));
  const departments = new Map(setup.departments.map((d) => [d.name.trim().toLowerCase(), d.number]));
  const projects = new Map(setup.projects.map((p) => [p.ref.toUpperCase(), p]));
  const currencies = new Map(setup.currencies.map((c) => [c.code.toUpperCase(), c]));
  const manageTax = new Map(inputs.taxCodes.map((t) => [t.id, t]));
  const manageTaxByIdentifier = new Map(inputs.taxCodes.map((t) => [(t.identifier ?? '').toLowerCase(), t]));
  const productTypes = new Map(inputs.productTypes.map((p) => [p.id, p]));
  const productTypesByName = new Map(inputs.productTypes.map((p) => [(p.name ?? '').toLowerCase(), p]));
  const catalog = new Map(inputs.catalog.map((c) => [(c.identifier ?? '').toLowerCase(), c]));

  const problem = (s: Subject, record: string, code: string, message: string, fix: string) =>
    sink.add({ manageId: s.manageId, record, code, message, fix }, s.name);
  /** A fault of this record alone (its figures, its date): it is held back, the rest of the batch posts. */
  const recordProblem = (s: Subject, record: string, code: string, message: string, fix: string) =>
    sink.add({ manageId: s.manageId, record, code, message, fix, blocks: 'record' }, s.name);

  /** A Sage A/C ref from a Manage account field; `what` names the field and screen for the fix. */
  function accountRef(
    s: Subject,
    value: string | undefined,
    who: string,
    field: { code: string; name: string; screen: string },
  ): string | undefined {
    const ref = normaliseRef(value ?? '');
    if (!ref) {
      problem(
        s,
        who,
        field.code,
        `${who} has no ${field.name}, so sagebot cannot tell which Sage account to post to.`,
        `Set the ${field.name} field on ${field.screen} for ${who.replace(/^\w+ /, '')} to a Sage A/C ref (max 8 characters, letters and digits).`,
      );
      return undefined;
    }
    try {
      checkAccountRef(ref, `The ${field.name} of ${who}`);
    } catch (e) {
      problem(
        s,
        who,
        'EXPORT_BAD_ACCOUNT_REF',
        `${(e as Error).message}`,
        `Change the ${field.name} field on ${field.screen} for ${who.replace(/^\w+ /, '')} to a valid Sage A/C ref (max 8 characters, letters and digits, no spaces).`,
      );
      return undefined;
    }
    return ref;
  }

  return {
    inputs,
    /** The rate of a Sage tax code (case-insensitive); 0 for a code Sage does not have. */
    sageTaxRate: (code: string): number => sageTax.get(code.toUpperCase())?.rate ?? 0,
    /** Sage's zero-rated code T0 (upper case) when the company has it. */
    zeroRatedCode: sageTax.has('T0') ? 'T0' : undefined,
    customerRef: (s: Subject, accountNumber: string | undefined, company: string) =>
      accountRef(s, accountNumber, `Company ${company}`, {
        code: 'EXPORT_NO_ACCOUNT_NUMBER',
        name: 'Account',
        screen: 'Finance > Company Finance',
      }),
    vendorRef: (s: Subject, vendorXref: string | undefined, vendor: string) =>
      accountRef(s, vendorXref, `Vendor ${vendor}`, {
        code: 'EXPORT_NO_VENDOR_XREF',
        name: 'Vendor XRef',
        screen: 'Finance > Company Finance',
      }),
    memberRef: (s: Subject, vendorNumber: string | undefined, member: string) =>
      accountRef(s, vendorNumber, `Member ${member}`, {
        code: 'EXPORT_NO_VENDOR_NUMBER',
        name: 'Vendor Nbr',
        screen: 'System > Members',
      }),

    /** A nominal code that exists in Sage and is not a control (or bank) account. */
    nominal(s: Subject, glAccount: string | undefined, where: string): string | undefined {
      const code = (glAccount ?? '').trim();
      if (!code) {
        problem(
          s,
          `${where}`,
          'EXPORT_NO_GL_ACCOUNT',
          `${where} has no GL account.`,
          'Set up the GL account mapping for this line in Manage (System > Setup Tables > GL Accounts).',
        );
        return undefined;
      }
      const n = nominals.get(code);
      if (!n) {
        problem(
          s,
          `GL account ${code}`,
          'EXPORT_NOMINAL_UNKNOWN',
          `GL account ${code} does not exist as a nominal code in Sage. Nominal codes are not created automatically.`,
          `Create nominal code ${code} in Sage (Nominal codes > New), or change the Account field of the GL account in Manage (System > Setup Tables > GL Accounts) to an existing Sage N/C.`,
        );
        return undefined;
      }
      if (n.control) {
        problem(
          s,
          `GL account ${code}`,
          'EXPORT_CONTROL_ACCOUNT',
          `GL account ${code} is Sage nominal ${code} (${n.name}), a control account. To post this transaction, you must enter a valid nominal code that is not a control account.`,
          'Review the GL Entries of the transactions posting out of Manage (System > Setup Tables > GL Accounts) so that none of them uses a Sage control account; Sage lists them under Settings > Control Accounts.',
        );
        return undefined;
      }
      return code;
    },

    /** The Sage tax code of a Manage tax code: its first level's xref; only one level may carry one. */
    taxCode(
      s: Subject,
      ref: { id?: number; name?: string } | undefined,
      fallbackXref: string | undefined,
    ): TaxMapping | undefined {
      const code =
        (ref?.id !== undefined ? manageTax.get(ref.id) : undefined) ??
        manageTaxByIdentifier.get((ref?.name ?? '').toLowerCase());
      const label = `Tax code ${code?.identifier ?? ref?.name ?? fallbackXref ?? '(none)'}`;
      let xref = (fallbackXref ?? '').trim() || undefined;
      if (code) {
        const withXref = code.levels.filter((l) => (l.taxCodeXref ?? '').trim() !== '');
        if (withXref.length > 1) {
          problem(
            s,
            label,
            'EXPORT_TAX_MULTI_LEVEL',
            `${label} has a Tax Code Xref on ${withXref.length} levels; Sage supports only one tax level.`,
            `In Manage (System > Setup Tables > Tax Codes > ${code.identifier}) keep the Sage code in the first level's Tax Code Xref and clear the others.`,
          );
          return undefined;
        }
        if (withXref.length === 1 && (withXref[0].taxLevel ?? 1) !== 1) {
          problem(
            s,
            label,
            'EXPORT_TAX_XREF_LEVEL',
            `${label} carries its Sage code on level ${withXref[0].taxLevel}, not on the first level.`,
            `In Manage (System > Setup Tables > Tax Codes > ${code.identifier}) move the Tax Code Xref to the first level.`,
          );
          return undefined;
        }
        xref = withXref[0]?.taxCodeXref?.trim() || code.levelOneTaxCodeXref?.trim() || undefined;
      }
      const n = parseTaxCode(xref ?? '');
      const sage = n === undefined ? undefined : sageTax.get(`T${n}`);
      if (!xref) {
        problem(
          s,
          label,
          'EXPORT_NO_TAX_XREF',
          `${label} has no Tax Code Xref, so sagebot cannot tell which Sage tax code to use.`,
          "Fill the first level's Tax Code Xref (System > Setup Tables > Tax Codes) with the Sage code (T0, T1, T2 ...), also for tax-exempt codes.",
        );
        return undefined;
      }
      if (!sage) {
        problem(
          s,
          label,
          'EXPORT_TAX_CODE_UNKNOWN',
          `${label} maps to Sage tax code "${xref}", which is not set up in Sage.`,
          "Set the Tax Code Xref in Manage to a code from Sage's Settings > Configuration > Tax Codes (T0, T1, T2, T5, T9 ...), or set that code up in Sage.",
        );
        return undefined;
      }
      return { code: sage.code.toUpperCase(), rate: sage.rate };
    },

    /** A GL class is a Sage department of the same name; no class = no department. */
    department(s: Subject, glClass: string | undefined): number | undefined {
      const name = (glClass ?? '').trim();
      if (!name) return undefined;
      const n = departments.get(name.toLowerCase());
      if (n === undefined) {
        problem(
          s,
          `GL class ${name}`,
          'EXPORT_DEPARTMENT_UNKNOWN',
          `GL class "${name}" has no Sage department of that name.`,
          `Create a department named "${name}" in Sage (Settings > Configuration > Departments), or change the class on the GL account in Manage.`,
        );
      }
      return n;
    },

    /** A Manage project name is a Sage project reference (at most 12 characters) that must exist. */
    project(s: Subject, name: string | undefined): string | undefined {
      const ref = (name ?? '').trim();
      if (!ref) return undefined;
      if (ref.length > LIMITS.projectRef) {
        problem(
          s,
          `Project ${ref}`,
          'EXPORT_PROJECT_TOO_LONG',
          `Project "${ref}" is ${ref.length} characters long; Sage project references hold at most 12.`,
          `Rename the project in Manage to 12 characters or fewer, and create a project with that reference in Sage.`,
        );
        return undefined;
      }
      const p = projects.get(ref.toUpperCase());
      if (!p) {
        problem(
          s,
          `Project ${ref}`,
          'EXPORT_PROJECT_UNKNOWN',
          `Project "${ref}" does not exist in Sage.`,
          `Create a project with reference ${ref.toUpperCase()} in Sage (Projects > New), or remove the project from the Manage record.`,
        );
        return undefined;
      }
      return p.ref;
    },

    /** The document currency; a foreign one needs a Sage currency with a rate. */
    currency(s: Subject, code: string | undefined): CurrencyMapping | undefined {
      const cur = (code ?? '').trim().toUpperCase() || setup.baseCurrency;
      if (cur === setup.baseCurrency.toUpperCase()) return { currency: cur };
      const c = currencies.get(cur);
      if (!c || !(c.rate > 0)) {
        problem(
          s,
          `Currency ${cur}`,
          c ? 'EXPORT_CURRENCY_NO_RATE' : 'EXPORT_CURRENCY_UNKNOWN',
          c ? `Currency ${cur} has no exchange rate in Sage.` : `Currency ${cur} is not set up in Sage.`,
          `Set up ${cur} with its exchange rate in Sage (Settings > Currencies; Foreign Trader must be enabled).`,
        );
        return undefined;
      }
      return { currency: cur, exchangeRate: c.rate };
    },

    /** A Sage document number from a Manage number (+ split suffix); Sage holds positive integers only. */
    documentNumber(s: Subject, manageNumber: string, suffix: '' | '0' | '1', what: string): number | undefined {
      const text = `${manageNumber.trim()}${suffix}`;
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(n) || n < 1 || n > LIMITS.maxNumber) {
        problem(
          s,
          `${what} ${manageNumber}`,
          'EXPORT_BAD_DOCUMENT_NUMBER',
          `${what} number "${manageNumber}" cannot be held by Sage as ${suffix ? `"${text}"` : 'a document number'}: Sage numbers are whole numbers from 1 to ${LIMITS.maxNumber}.`,
          suffix
            ? 'Use numeric invoice numbers in Manage (Finance > Invoice Templates / numbering), or turn Split Invoicing off (sagebot settings --set splitInvoicing=false) to post batch SI/SC transactions with the Manage number as reference.'
            : 'Use numeric numbers in Manage for documents that go to Sage.',
        );
        return undefined;
      }
      return n;
    },

    /** A batch reference (INV_REF) holds at most 30 characters. */
    reference(s: Subject, text: string, what: string): string | undefined {
      const ref = text.trim();
      if (!ref || ref.length > LIMITS.invRef) {
        problem(
          s,
          `${what} ${text}`,
          'EXPORT_BAD_REFERENCE',
          `${what} "${text}" ${ref ? `is ${ref.length} characters long; a Sage reference holds at most ${LIMITS.invRef}` : 'has no number to use as the Sage reference'}.`,
          'Shorten the number in Manage.',
        );
        return undefined;
      }
      return ref;
    },

    /** The Sage item type of a product to create: from its product type's Type Xref. */
    productItemType(s: Subject, code: string, itemTypeXref: string | undefined): ItemType | undefined {
      const direct = itemTypeOfXref(itemTypeXref);
      if (direct) return direct;
      const item = catalog.get(code.toLowerCase());
      const type =
        (item?.type?.id !== undefined ? productTypes.get(item.type.id) : undefined) ??
        productTypesByName.get((itemTypeXref ?? item?.type?.name ?? '').toLowerCase());
      const fromType = itemTypeOfXref(type?.typeXref);
      if (fromType) return fromType;
      const typeName = type?.name ?? item?.type?.name ?? '(unknown)';
      problem(
        s,
        `Product type ${typeName}`,
        'EXPORT_PRODUCT_TYPE_XREF',
        `Product ${code} is not in Sage and its product type "${typeName}" has no Type Xref, so sagebot cannot tell which Sage item type to create.`,
        `Set the Type Xref of product type "${typeName}" in Manage (System > Setup Tables > Product Types) to Inventory Part, Non-Inventory Part, Other Charge or Service.`,
      );
      return undefined;
    },

    /** Products are created only when their Inventory and COGS accounts are filled in. */
    productAccounts(s: Subject, code: string, inventory: string | undefined, cogs: string | undefined): boolean {
      if ((inventory ?? '').trim() && (cogs ?? '').trim()) return true;
      problem(
        s,
        `Product ${code}`,
        'EXPORT_PRODUCT_ACCOUNTS',
        `Product ${code} is not in Sage and cannot be created: its GL account has no ${!(inventory ?? '').trim() ? 'Inventory' : 'COGS'} account.`,
        'In Manage go to Setup Tables > GL Accounts, find the Account Types for Products, and fill in the Inventory and COGS accounts of each.',
      );
      return false;
    },

    problem,
    recordProblem,
  };
}
