/**
 * Sage Data Objects error codes (`SDOEngine.LastError.Code`, the `sdoErrorCode` constants of the SDO help)
 * mapped to the port's LedgerError codes, with the finance user's message and fix for each. The bridge may
 * also report a port code itself (`kind`) for what it detects on its own (invoice not found, COM class not
 * registered...).
 */

import { isLedgerErrorCode, LedgerError } from '../errors.ts';
import type { LedgerErrorCode } from '../ledger.ts';

interface Mapping {
  code: LedgerErrorCode;
  message: string;
  fix: string;
}

const M = (code: LedgerErrorCode, message: string, fix: string): Mapping => ({ code, message, fix });

/** SDO error numbers (SDO 2017 help, Constants_Exceptions) -> port codes. */
export const SDO_ERROR_MAP: Record<number, Mapping> = {
  16: M(
    'SAGE_NOT_CONNECTED',
    'sagebot is not connected to Sage.',
    'Connect again; check that Sage is running on this computer.',
  ),
  21: M(
    'SAGE_BAD_LOGIN',
    'Sage refused the log-on.',
    'Check SAGE_USER and SAGE_PASSWORD against Settings > Access Rights in Sage.',
  ),
  22: M('SAGE_BAD_LOGIN', 'Sage did not accept the password.', 'Check SAGE_PASSWORD for the Sage user.'),
  23: M(
    'SAGE_USER_IN_USE',
    'The Sage user name is already in use.',
    'Log that user out of Sage (or wait for the old session to time out), or give sagebot its own Sage user.',
  ),
  24: M(
    'SAGE_EXCLUSIVE',
    'Sage is in exclusive mode (File Maintenance, Backup, Restore, Month or Year End...).',
    'Wait until the exclusive task in Sage has finished, then try again.',
  ),
  25: M(
    'SAGE_BAD_PATH',
    'Sage could not find a company at the path given.',
    'Point SAGE_COMPANY_DIR at the Company.000 folder (without ACCDATA).',
  ),
  26: M(
    'SAGE_DRIVER_UNAVAILABLE',
    'The Sage Data Objects version does not match the company data.',
    'Set SAGE_SDO_VERSION to the version of the installed Sage 50 Accounts.',
  ),
  30: M(
    'SAGE_IN_USE',
    'Sage has reached its limit of users logged in at once.',
    'Ask someone to log out of Sage, then try again.',
  ),
  31: M(
    'SAGE_NOT_REGISTERED',
    'Third-party integration is not enabled in Sage.',
    'In Sage open Tools > Activation > Enable 3rd Party Integration and enter the activation code.',
  ),
  33: M(
    'SAGE_CURRENCY_UNKNOWN',
    'Foreign Trader is not enabled in this Sage company.',
    'Enable foreign currencies in Sage (Settings > Currencies, Foreign Trader wizard) or post in the base currency.',
  ),
  34: M(
    'SAGE_CURRENCY_MISMATCH',
    "The document currency differs from the account's currency.",
    "Post the document in the account's currency.",
  ),
  35: M(
    'SAGE_CURRENCY_MISMATCH',
    'A base-currency document carried an exchange rate.',
    'Leave the exchange rate out for base-currency documents.',
  ),
  37: M(
    'SAGE_PROJECT_UNKNOWN',
    'The project is not valid in Sage.',
    'Create the project in Sage or remove it from the line.',
  ),
  38: M(
    'SAGE_PROJECT_UNKNOWN',
    'The project cannot take postings (its status does not allow them).',
    "Check the project's status in Sage.",
  ),
  44: M('SAGE_ZERO_VALUE', 'Sage does not post a transaction with no value.', 'Leave zero-value documents out.'),
  48: M(
    'SAGE_IN_USE',
    'Sage is busy: another user has the records locked.',
    'Try again in a minute; if it persists, ask whoever has Sage open in an exclusive area to leave it.',
  ),
  49: M(
    'SAGE_LOCKED_PERIOD',
    "The date is on or before the company's lock date.",
    'Date the document after the lock date, or ask the finance manager to move it (Settings > Company Preferences).',
  ),
  50: M(
    'SAGE_BAD_ACCOUNT_REF',
    'The account reference is empty or not valid.',
    'Use up to 8 capital letters and digits, with no spaces.',
  ),
  63: M('SAGE_BAD_ACCOUNT_REF', 'The account reference is empty.', 'Give the account an A/C ref.'),
  65: M(
    'SAGE_NOMINAL_UNKNOWN',
    'The nominal code is not valid in Sage.',
    'Create the nominal code in Sage or map the GL account in Manage to an existing one.',
  ),
  66: M('SAGE_NOMINAL_UNKNOWN', 'The bank account is not available.', "Use one of the company's bank accounts."),
  67: M(
    'SAGE_CONTROL_ACCOUNT',
    'The bank account is a control account.',
    'Use a bank account that is not a control account.',
  ),
  68: M('SAGE_CURRENCY_MISMATCH', 'The bank account is not in the base currency.', 'Use a base-currency bank account.'),
  70: M(
    'SAGE_ACCOUNT_UNKNOWN',
    'The account is on hold in Sage.',
    'Take the account off hold in Sage, then try again.',
  ),
  71: M('SAGE_ACCOUNT_UNKNOWN', 'The account is inactive in Sage.', 'Make the account active in Sage, then try again.'),
  72: M('SAGE_ACCOUNT_UNKNOWN', 'The account has been deleted in Sage.', 'Use another account.'),
  73: M(
    'SAGE_ACCOUNT_UNKNOWN',
    "The account's terms have not been agreed in Sage.",
    'Tick "Terms agreed" on the account in Sage.',
  ),
  74: M(
    'SAGE_CURRENCY_MISMATCH',
    'The account is not in the base currency.',
    "Post in the account's currency with its exchange rate.",
  ),
  75: M('SAGE_DOCUMENT_UNKNOWN', 'The transaction number is not valid.', 'Check the invoice or transaction number.'),
  76: M('SAGE_TAX_CODE_UNKNOWN', 'The tax code is not valid for a payment.', 'Use T9 for receipts and payments.'),
  78: M('SAGE_ZERO_VALUE', 'Sage does not post a zero net amount.', 'Leave zero-value lines out.'),
  79: M('SAGE_PROJECT_UNKNOWN', 'The project cost code is not valid.', 'Check the project and cost code in Sage.'),
  80: M('SAGE_PROJECT_UNKNOWN', 'The project is not valid.', 'Check the project in Sage.'),
  81: M('SAGE_PROJECT_UNKNOWN', 'The project cost code is not valid.', 'Check the cost code in Sage.'),
  82: M('SAGE_BAD_ACCOUNT_REF', 'The account reference contains spaces.', 'Use an A/C ref without spaces.'),
  83: M('SAGE_FIELD_TOO_LONG', 'An address line is too long.', 'Shorten address lines to 60 characters.'),
  84: M(
    'SAGE_ACCOUNT_EXISTS',
    'An account with that reference already exists.',
    'Use the existing account or another A/C ref.',
  ),
  85: M('SAGE_PROJECT_UNKNOWN', 'The project cost code is not valid.', 'Check the cost code in Sage.'),
  86: M(
    'SAGE_BAD_ACCOUNT_REF',
    'The reference contains characters Sage does not allow.',
    'Use capital letters A-Z, digits and - _ & . / only.',
  ),
};

/** What the C# bridge returns when an operation fails. */
export interface BridgeError {
  /** `LastError.Code` from SDO, when SDO reported the failure. */
  sdoCode?: number;
  /** A port code the bridge chose itself. */
  kind?: string;
  /** `LastError.Text` or the bridge's own text. */
  text?: string;
  op?: string;
}

export function mapBridgeError(e: BridgeError): LedgerError {
  const details = { sdoCode: e.sdoCode, sdoText: e.text, op: e.op };
  if (e.kind && isLedgerErrorCode(e.kind)) {
    return new LedgerError({
      code: e.kind,
      message: e.text || 'Sage refused the operation.',
      fix: fixFor(e.kind),
      details,
    });
  }
  const mapped = e.sdoCode !== undefined ? SDO_ERROR_MAP[e.sdoCode] : undefined;
  if (mapped) {
    const message =
      e.text && !mapped.message.includes(e.text) ? `${mapped.message} (Sage says: ${e.text})` : mapped.message;
    return new LedgerError({ code: mapped.code, message, fix: mapped.fix, details });
  }
  return new LedgerError({
    code: 'SAGE_FAILURE',
    message: `Sage refused the operation${e.op ? ` (${e.op})` : ''}${e.sdoCode !== undefined ? ` with SDO error ${e.sdoCode}` : ''}: ${e.text || 'no reason given'}.`,
    fix: 'Check the document in Sage; the sagebot log has the details.',
    details,
  });
}

function fixFor(code: LedgerErrorCode): string {
  const hit = Object.values(SDO_ERROR_MAP).find((m) => m.code === code);
  if (hit) return hit.fix;
  if (code === 'SAGE_DRIVER_UNAVAILABLE')
    return 'See core/sage/sdo/README.md: install Sage Data Objects and run a Node.js of the same bitness (32-bit Node for a 32-bit SDO).';
  if (code === 'SAGE_DOCUMENT_UNKNOWN') return 'Check the invoice or credit note number in Sage.';
  if (code === 'SAGE_OVER_ALLOCATION') return 'Allocate no more than what is outstanding.';
  return 'Check the document in Sage; the sagebot log has the details.';
}
