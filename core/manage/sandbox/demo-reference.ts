/**
 * Demo reference data of "Northwind IT Services Ltd", a UK managed-service provider: companies (customers
 * and vendors), members, GL accounts (segment1 = Sage nominal code, segment2 = class = Sage department),
 * tax codes (level 1 xref = Sage tax code), product types, catalog, locations, currencies, purchase orders.
 * Deterministic; the deliberately broken records are listed in README.md.
 */
import type {
  CatalogItem,
  Company,
  Currency,
  GLAccount,
  Location,
  Member,
  ProductType,
  PurchaseOrder,
  TaxCodeWithLevels,
} from '../models.ts';

export const LONDON = 1;
export const MANCHESTER = 2;
export const DEPT = { managed: 10, projects: 11, hardware: 12 } as const;

export const currencies: Currency[] = [
  {
    id: 1,
    currencyIdentifier: 'GBP',
    name: 'Pound Sterling',
    symbol: '£',
    currencyCode: { id: 1, name: 'GBP' },
    numberOfDecimals: 2,
    decimalSeparator: '.',
    thousandsSeparator: ',',
  },
  {
    id: 2,
    currencyIdentifier: 'EUR',
    name: 'Euro',
    symbol: '€',
    currencyCode: { id: 2, name: 'EUR' },
    numberOfDecimals: 2,
    decimalSeparator: '.',
    thousandsSeparator: ',',
  },
  {
    id: 3,
    currencyIdentifier: 'USD',
    name: 'US Dollar',
    symbol: '$',
    currencyCode: { id: 3, name: 'USD' },
    numberOfDecimals: 2,
    decimalSeparator: '.',
    thousandsSeparator: ',',
  },
];

export const locations: Location[] = [
  {
    id: LONDON,
    name: 'London',
    structureLevel: { id: 1, name: 'Location' },
    ownerLevelId: 1,
    locationFlag: true,
    clientFlag: false,
  },
  {
    id: MANCHESTER,
    name: 'Manchester',
    structureLevel: { id: 1, name: 'Location' },
    ownerLevelId: 1,
    locationFlag: true,
    clientFlag: false,
  },
];

function taxCode(id: number, identifier: string, description: string, rate: number, xref: string): TaxCodeWithLevels {
  return {
    id,
    identifier,
    description,
    invoiceCaption: description.slice(0, 25),
    effectiveDate: '2011-01-04T00:00:00Z',
    defaultFlag: id === 1,
    displayOnInvoiceFlag: true,
    levelOneRate: rate,
    levelOneRateType: 'Percent',
    levelOneCaption: 'VAT',
    levelOneTaxCodeXref: xref,
    levelOneAgencyXref: 'HMRC',
    levelOneServicesFlag: true,
    levelOneExpensesFlag: true,
    levelOneProductsFlag: true,
    levels: [
      {
        id: id * 10 + 1,
        taxLevel: 1,
        taxRate: rate,
        rateType: 'Percent',
        caption: 'VAT',
        taxCodeXref: xref,
        agencyXref: 'HMRC',
        taxServicesFlag: true,
        taxExpensesFlag: true,
        taxProductsFlag: true,
      },
    ],
  };
}

export const TAX = { standard: 1, zero: 2, exempt: 3, outside: 4, reduced: 5 } as const;
export const taxCodes: TaxCodeWithLevels[] = [
  taxCode(TAX.standard, 'VAT20', 'Standard rated 20%', 20, 'T1'),
  taxCode(TAX.zero, 'ZERO', 'Zero rated', 0, 'T0'),
  taxCode(TAX.exempt, 'EXEMPT', 'Exempt', 0, 'T2'),
  taxCode(TAX.outside, 'OUTSIDE', 'Outside the scope of VAT', 0, 'T9'),
  taxCode(TAX.reduced, 'VAT5', 'Reduced rate 5%', 5, 'T5'),
];

const customerNames: [string, string | undefined][] = [
  ['Acme Widgets Ltd', 'ACME001'],
  ['Bramble & Hart Solicitors LLP', 'BRAMB01'],
  ['Cavendish Dental Care', 'CAVEN01'],
  ['Deansgate Logistics Ltd', 'DEANS01'],
  ['Elmwood Primary Academy', 'ELMWO01'],
  ['Fenwick Architects', 'FENWI01'],
  ['Greyfriars Accountancy', 'GREYF01'],
  ['Hollins Engineering plc', 'HOLLI01'],
  ['Islington Arts Trust', 'ISLIN01'],
  ['Jubilee Veterinary Group', 'JUBIL01'],
  ['Kingsway Property Management', 'KINGS01'],
  ['Lowry Marketing Ltd', 'LOWRY01'],
  ['Mersey Freight Services', 'MERSE01'],
  ['Northern Quarter Coffee Co', 'NORTH01'],
  ['Oldham Precision Tools', 'OLDHA01'],
  ['Harbour Lights Cafe', undefined],
  ['O\'Neill & Sons "The Joiners" (North) Ltd', 'ONEIL01'],
  ['Pennine Care Homes', 'PENNI01'],
  ['Quayside Dental Practice', 'QUAYS01'],
  ['Dublin Analytics DAC', 'DUBLI01'],
  ['Boston Biotech Inc', 'BOSTO01'],
  ['Riverside Estate Agents', 'RIVER01'],
  ['Salford Print Works', 'SALFO01'],
];
/** Company ids of note (see README). */
export const CO = {
  own: 1,
  firstCustomer: 2,
  noAccount: 17,
  quoted: 18,
  eur: 21,
  usd: 22,
  dell: 25,
  ingram: 26,
  microsoft: 27,
  exertis: 28,
  bt: 29,
  royalMail: 30,
} as const;
const vendorNames: [string, string][] = [
  ['Dell Technologies UK', 'DELL01'],
  ['Ingram Micro UK Ltd', 'INGRAM01'],
  ['Microsoft Ireland Operations', 'MSFT01'],
  ['Exertis UK Ltd', 'EXERTIS1'],
  ['BT Business', 'BTBUS01'],
  ['Royal Mail Group', 'RMAIL01'],
];
const ref = (c: { id: number; name: string; currencyIdentifier: string; symbol?: string }) => ({
  id: c.id,
  name: c.name,
  currencyCode: c.currencyIdentifier,
  currencyIdentifier: c.currencyIdentifier,
  symbol: c.symbol,
  numberOfDecimals: 2,
});
export const currencyRef = (code: string) =>
  ref(
    currencies.find((c) => c.currencyIdentifier === code) as { id: number; name: string; currencyIdentifier: string },
  );

function identifierOf(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '').slice(0, 25);
}

export const companies: Company[] = [
  {
    id: CO.own,
    identifier: 'NorthwindIT',
    name: 'Northwind IT Services Ltd',
    types: [{ id: 1, name: 'Owner' }],
    currency: currencyRef('GBP'),
  },
  ...customerNames.map(([name, accountNumber], i): Company => {
    const id = CO.firstCustomer + i;
    const code = id === CO.eur ? 'EUR' : id === CO.usd ? 'USD' : 'GBP';
    return {
      id,
      identifier: identifierOf(name),
      name,
      ...(accountNumber ? { accountNumber } : {}),
      isVendorFlag: false,
      types: [{ id: 2, name: 'Client' }],
      currency: currencyRef(code),
      taxCode:
        id === CO.eur || id === CO.usd ? { id: TAX.outside, name: 'OUTSIDE' } : { id: TAX.standard, name: 'VAT20' },
      billingTerms: { id: 1, name: 'Net 30 days' },
      taxIdentifier: id === CO.eur ? 'IE6388047V' : undefined,
    };
  }),
  ...vendorNames.map(
    ([name, vendorIdentifier], i): Company => ({
      id: CO.dell + i,
      identifier: identifierOf(name),
      name,
      vendorIdentifier,
      isVendorFlag: true,
      types: [{ id: 3, name: 'Vendor' }],
      currency: currencyRef('GBP'),
      billingTerms: { id: 2, name: 'Net 30 days' },
    }),
  ),
];

export const members: Member[] = [
  {
    id: 1,
    identifier: 'jdoe',
    firstName: 'Jane',
    lastName: 'Doe',
    vendorNumber: 'JDOE01',
    defaultLocation: { id: LONDON, name: 'London' },
  },
  {
    id: 2,
    identifier: 'asmith',
    firstName: 'Alex',
    lastName: 'Smith',
    vendorNumber: 'ASMITH01',
    defaultLocation: { id: LONDON, name: 'London' },
  },
  {
    id: 3,
    identifier: 'pkhan',
    firstName: 'Priya',
    lastName: 'Khan',
    vendorNumber: 'PKHAN01',
    defaultLocation: { id: MANCHESTER, name: 'Manchester' },
  },
  {
    id: 4,
    identifier: 'tjones',
    firstName: 'Tom',
    lastName: 'Jones',
    vendorNumber: 'TJONES01',
    defaultLocation: { id: MANCHESTER, name: 'Manchester' },
  },
  {
    id: 5,
    identifier: 'mbrown',
    firstName: 'Mark',
    lastName: 'Brown',
    defaultLocation: { id: LONDON, name: 'London' },
  },
];
export const MEMBER_WITHOUT_VENDOR_NUMBER = 5;

/** GL account ids used by the transactions. */
export const GL = {
  ar: 101,
  ap: 102,
  salesTax: 103,
  purchaseTax: 104,
  service: 110,
  project: 111,
  agreement: 112,
  hardware: 113,
  licences: 114,
  misc: 115,
  deposits: 116,
  controlMisuse: 117,
  travel: 120,
  hotels: 121,
  subsistence: 122,
  stationery: 123,
  fuel: 124,
  stock: 130,
  adjustments: 131,
  transfers: 132,
  purchases: 133,
} as const;
const gl = (
  id: number,
  glType: GLAccount['glType'],
  mapped: string,
  segment1: string,
  segment2?: string,
  extra: Partial<GLAccount> = {},
): GLAccount => ({
  id,
  glType,
  mappedType: { id: id * 3, name: mapped },
  mappedRecord: { id, name: mapped },
  segment1,
  ...(segment2 ? { segment2 } : {}),
  ...extra,
});
export const glAccounts: GLAccount[] = [
  gl(GL.ar, 'AR', 'Accounts Receivable', '1100'),
  gl(GL.ap, 'AP', 'Accounts Payable', '2100'),
  gl(GL.salesTax, 'ST', 'Sales Tax', '2200'),
  gl(GL.purchaseTax, 'PT', 'Purchase Tax', '2201'),
  gl(GL.service, 'R', 'Work Role: Engineer', '4000', 'SERV'),
  gl(GL.project, 'R', 'Work Role: Project Engineer', '4010', 'PROJ'),
  gl(GL.agreement, 'RA', 'Agreement Type: Managed Service', '4020', 'MSP'),
  gl(GL.hardware, 'RP', 'Product Type: Hardware', '4100', 'HW', { cogs1: '5000', inventory: '1001' }),
  gl(GL.licences, 'RP', 'Product Type: Software licences', '4110', 'MSP', { cogs1: '5001' }),
  gl(GL.misc, 'RE', 'Expense recharges', '4900'),
  gl(GL.deposits, 'RD', 'Down payments', '2110'),
  gl(GL.controlMisuse, 'R', 'Work Role: Legacy Consulting', '1100', 'SERV'),
  gl(GL.travel, 'EE', 'Expense Type: Travel', '7400'),
  gl(GL.hotels, 'EE', 'Expense Type: Hotels', '7402'),
  gl(GL.subsistence, 'EE', 'Expense Type: Subsistence', '7406'),
  gl(GL.stationery, 'EE', 'Expense Type: Stationery', '7500'),
  gl(GL.fuel, 'EE', 'Expense Type: Fuel', '7300'),
  gl(GL.stock, 'IA', 'Inventory', '1001'),
  gl(GL.adjustments, 'IA', 'Inventory Adjustments', '5000'),
  gl(GL.transfers, 'IT', 'Inventory Transfers', '1001'),
  gl(GL.purchases, 'P', 'Purchases', '5000', undefined, { cogs1: '5000', inventory: '1001' }),
];

export const productTypes: ProductType[] = [
  { id: 1, name: 'Hardware', typeXref: 'InventoryPart', defaultFlag: true },
  { id: 2, name: 'Software licences', typeXref: 'NonInventoryPart' },
  { id: 3, name: 'Delivery', typeXref: 'OtherCharge' },
  { id: 4, name: 'Labour', typeXref: 'Service' },
];

const item = (
  id: number,
  identifier: string,
  description: string,
  typeId: number,
  price: number,
  cost: number,
  vendorId?: number,
): CatalogItem => ({
  id,
  identifier,
  description,
  type: { id: typeId, name: productTypes[typeId - 1].name },
  productClass: typeId === 1 ? 'Inventory' : typeId === 4 ? 'Service' : 'NonInventory',
  taxableFlag: true,
  price,
  cost,
  ...(vendorId
    ? {
        vendor: {
          id: vendorId,
          identifier: companies.find((c) => c.id === vendorId)?.identifier,
          name: companies.find((c) => c.id === vendorId)?.name,
        },
      }
    : {}),
});
export const catalog: CatalogItem[] = [
  item(201, 'LAP-DELL-5440', 'Dell Latitude 5440 laptop', 1, 1099, 820, CO.dell),
  item(202, 'MON-DELL-P2723', 'Dell P2723 27in monitor', 1, 229, 160, CO.dell),
  item(203, 'M365-BP', 'Microsoft 365 Business Premium (monthly)', 2, 18.1, 15.1, CO.microsoft),
  item(204, 'ESET-EP', 'ESET Endpoint Protection (annual)', 2, 32, 21.5, CO.ingram),
  item(205, 'DELIVERY', 'Delivery', 3, 12.5, 9),
  item(206, 'LAB-INSTALL', 'Installation labour (per hour)', 4, 95, 0),
  item(207, 'DOCK-WD19', 'Dell WD19S USB-C dock', 1, 189, 131.2, CO.ingram),
  item(208, 'SSD-1TB', 'Samsung 990 Pro 1TB SSD', 1, 119, 84.99, CO.exertis),
];

export const PO = { dell: 1, ingram: 2, exertis: 3 } as const;
const po = (
  id: number,
  poNumber: string,
  vendorId: number,
  vendorInvoiceNumber: string | undefined,
  subTotal: number,
  salesTax: number,
  freightCost: number,
): PurchaseOrder => ({
  id,
  poNumber,
  poDate: '2025-04-02T00:00:00Z',
  vendorCompany: {
    id: vendorId,
    identifier: companies.find((c) => c.id === vendorId)?.identifier,
    name: companies.find((c) => c.id === vendorId)?.name,
  },
  ...(vendorInvoiceNumber ? { vendorInvoiceNumber, vendorInvoiceDate: '2025-04-07T00:00:00Z' } : {}),
  status: { id: 3, name: 'Closed' },
  terms: { id: 2, name: 'Net 30 days' },
  subTotal,
  salesTax,
  freightCost,
  total: subTotal + salesTax + freightCost,
  taxCode: { id: TAX.standard, name: 'VAT20' },
  taxPoFlag: true,
  taxFreightFlag: false,
  currency: currencyRef('GBP'),
  closedFlag: true,
  locationId: LONDON,
});
export const purchaseOrders: PurchaseOrder[] = [
  po(PO.dell, '102', CO.dell, '12345', 1960, 392, 0),
  po(PO.ingram, '103', CO.ingram, undefined, 656, 131.2, 12.5),
  po(PO.exertis, '104', CO.exertis, 'EX-99812', 339.96, 67.99, 0),
];
