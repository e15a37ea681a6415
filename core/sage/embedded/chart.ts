/**
 * The UK defaults a new stand-in company starts with: Sage 50's standard chart of accounts (trimmed to the
 * codes people use), its control accounts, the UK tax codes, a few departments and projects, and GBP as the
 * base currency with EUR and USD.
 */

export interface ChartEntry {
  code: string;
  name: string;
  control?: boolean;
  bank?: boolean;
  /** Control-account role, as `LedgerSetup.controlAccounts` names it. */
  role?: string;
}

const c = (code: string, name: string, role?: string): ChartEntry => ({ code, name, control: true, role });
const b = (code: string, name: string, control = false, role?: string): ChartEntry => ({
  code,
  name,
  bank: true,
  control,
  role,
});
const n = (code: string, name: string, role?: string): ChartEntry => ({ code, name, role });

export const UK_CHART: ChartEntry[] = [
  n('0010', 'Freehold Property'),
  n('0011', 'Leasehold Property'),
  n('0020', 'Plant and Machinery'),
  n('0021', 'Plant/Machinery Depreciation'),
  n('0030', 'Office Equipment'),
  n('0031', 'Office Equipment Depreciation'),
  n('0040', 'Furniture and Fixtures'),
  n('0041', 'Furniture/Fixture Depreciation'),
  n('0050', 'Motor Vehicles'),
  n('0051', 'Motor Vehicles Depreciation'),
  n('1001', 'Stock'),
  n('1002', 'Work in Progress'),
  n('1003', 'Finished Goods'),
  c('1100', 'Debtors Control Account', 'debtors'),
  n('1101', 'Sundry Debtors'),
  n('1102', 'Other Debtors'),
  c('1103', 'Prepayments', 'prepayments'),
  b('1200', 'Bank Current Account', true, 'bank'),
  b('1210', 'Bank Deposit Account'),
  b('1220', 'Building Society Account'),
  b('1230', 'Petty Cash'),
  b('1240', 'Company Credit Card'),
  c('2100', 'Creditors Control Account', 'creditors'),
  n('2101', 'Sundry Creditors'),
  n('2102', 'Other Creditors'),
  c('2109', 'Accruals', 'accruals'),
  c('2200', 'Sales Tax Control Account', 'salesTax'),
  c('2201', 'Purchase Tax Control Account', 'purchaseTax'),
  c('2202', 'VAT Liability', 'vatLiability'),
  c('2204', 'Manual Adjustments', 'manualAdjustments'),
  n('2210', 'P.A.Y.E.'),
  n('2211', 'National Insurance'),
  n('2220', 'Net Wages'),
  n('2230', 'Pension Fund'),
  n('2300', 'Loans'),
  n('2310', 'Hire Purchase'),
  n('2320', 'Corporation Tax'),
  n('2330', 'Mortgages'),
  n('3000', 'Ordinary Shares'),
  n('3010', 'Preference Shares'),
  n('3100', 'Reserves'),
  n('3101', 'Undistributable Reserves'),
  c('3200', 'Profit and Loss Account', 'retainedEarnings'),
  n('4000', 'Sales Type A', 'defaultSales'),
  n('4001', 'Sales Type B'),
  n('4002', 'Sales Type C'),
  c('4009', 'Discounts Allowed', 'salesDiscount'),
  n('4010', 'Sales - Services'),
  n('4020', 'Sales - Export'),
  n('4100', 'Sales Type D'),
  n('4200', 'Sales of Assets'),
  c('4400', 'Credit Charges (Late Payments)', 'creditCharges'),
  n('4900', 'Miscellaneous Income'),
  n('4905', 'Distribution and Carriage'),
  n('5000', 'Materials Purchased'),
  n('5001', 'Materials Imported'),
  n('5002', 'Miscellaneous Purchases'),
  n('5003', 'Packaging'),
  c('5009', 'Discounts Taken', 'purchaseDiscount'),
  n('5100', 'Carriage'),
  n('5101', 'Import Duty'),
  n('5200', 'Opening Stock'),
  n('5201', 'Closing Stock'),
  n('6000', 'Productive Labour'),
  n('6001', 'Cost of Sales Labour'),
  n('6002', 'Sub-Contractors'),
  n('6100', 'Sales Commissions'),
  n('6200', 'Sales Promotions'),
  n('6201', 'Advertising'),
  n('6900', 'Miscellaneous Expenses'),
  n('7000', 'Gross Wages'),
  n('7001', 'Directors Salaries'),
  n('7003', 'Staff Salaries'),
  n('7006', 'Employers N.I.'),
  n('7007', 'Employers Pensions'),
  n('7100', 'Rent'),
  n('7103', 'General Rates'),
  n('7104', 'Premises Insurance'),
  n('7200', 'Electricity'),
  n('7201', 'Gas'),
  n('7300', 'Fuel and Oil'),
  n('7301', 'Repairs and Servicing'),
  n('7303', 'Vehicle Insurance'),
  n('7400', 'Travelling'),
  n('7401', 'Car Hire'),
  n('7402', 'Hotels'),
  n('7403', 'U.K. Entertainment'),
  n('7406', 'Subsistence'),
  n('7500', 'Office Costs'),
  n('7501', 'Postage and Carriage'),
  n('7502', 'Telephone'),
  n('7504', 'Office Stationery'),
  n('7505', 'Books etc.'),
  n('7550', 'Computer Software and Hosting'),
  n('7600', 'Legal Fees'),
  n('7601', 'Audit and Accountancy Fees'),
  n('7602', 'Consultancy Fees'),
  n('7603', 'Professional Fees'),
  n('7700', 'Equipment Hire'),
  n('7701', 'Office Machine Maintenance'),
  n('7800', 'Repairs and Renewals'),
  n('7801', 'Cleaning'),
  n('7900', 'Bank Charges'),
  n('7901', 'Bank Interest Paid'),
  n('7902', 'Currency Charges'),
  n('7903', 'Loan Interest Paid'),
  c('7906', 'Exchange Rate Variance', 'exchangeVariance'),
  n('8000', 'Depreciation'),
  c('8100', 'Bad Debt Write Off', 'badDebts'),
  n('8102', 'Bad Debt Provision'),
  n('8200', 'Donations'),
  n('8201', 'Subscriptions'),
  n('8203', 'Training Costs'),
  n('8204', 'Insurance'),
  n('8205', 'Refreshments'),
  c('9998', 'Suspense Account', 'suspense'),
  c('9999', 'Mispostings Account', 'mispostings'),
];

export interface TaxCodeEntry {
  number: number;
  rate: number;
  description: string;
}

export const UK_TAX_CODES: TaxCodeEntry[] = [
  { number: 0, rate: 0, description: 'Zero rated transactions' },
  { number: 1, rate: 20, description: 'Standard rated transactions' },
  { number: 2, rate: 0, description: 'Exempt transactions' },
  { number: 4, rate: 0, description: 'Sales of goods to VAT registered customers in EC' },
  { number: 5, rate: 5, description: 'Lower rate (reduced) transactions' },
  { number: 7, rate: 0, description: 'Zero rated purchases of goods from suppliers in EC' },
  { number: 8, rate: 20, description: 'Standard rated purchases of goods from suppliers in EC' },
  { number: 9, rate: 0, description: 'Transactions not involving VAT (outside the scope)' },
  { number: 20, rate: 20, description: 'Domestic reverse charge' },
  { number: 21, rate: 20, description: 'CIS reverse charge, standard rate' },
  { number: 22, rate: 0, description: 'Sales of services to VAT registered customers in EC' },
  { number: 23, rate: 0, description: 'Zero rated purchases of services from suppliers in EC' },
  { number: 24, rate: 20, description: 'Standard rated purchases of services from suppliers in EC' },
  { number: 25, rate: 20, description: 'Flat rate scheme: capital items over 2,000' },
  { number: 26, rate: 5, description: 'CIS reverse charge, reduced rate' },
];

export const UK_DEPARTMENTS = [
  { number: 0, name: 'Default' },
  { number: 1, name: 'Sales' },
  { number: 2, name: 'Services' },
  { number: 3, name: 'Administration' },
];

export const DEFAULT_PROJECTS = [
  { ref: 'INTERNAL', name: 'Internal work' },
  { ref: 'TEST2', name: 'Test project 2' },
  { ref: 'ONBOARDING', name: 'Customer onboarding' },
];

export const DEFAULT_CURRENCIES = [
  { code: 'GBP', name: 'Pound Sterling', symbol: '£', rate: 1, base: true },
  { code: 'EUR', name: 'Euro', symbol: '€', rate: 1.17, base: false },
  { code: 'USD', name: 'US Dollar', symbol: '$', rate: 1.27, base: false },
];

export const DEFAULT_COMPANY_NAME = 'Sagebot Demo Ltd';
export const DEFAULT_USER = { name: 'MANAGER', password: '' };
