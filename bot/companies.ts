/**
 * Several Sage companies in one conversation: which company a message means, and the flow context
 * scoped to it. A message names a company by its name, id or an alias ("run invoices for Dublin through friday",
 * "sync payments for the Irish company"); the words naming it are taken out before the command is parsed. A
 * message naming two companies asks which; one naming none uses the default, and its card says so with how to
 * pick another. A location of one company named as a location picks that company. With one company nothing
 * here changes a word.
 */
import type { BotContext } from './context.ts';
import type { BotCompany, FlowCompany } from './ports.ts';

export type { BotCompany };

export type CompanyPick =
  | { kind: 'none'; text: string }
  | { kind: 'one'; company: BotCompany; text: string }
  | { kind: 'ambiguous'; companies: BotCompany[]; text: string };

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every way a company is named, longest first (so "Northwind Ireland" wins over "Northwind"). */
function namesOf(companies: readonly BotCompany[]): Array<{ words: string; company: BotCompany }> {
  return companies
    .flatMap((c) => [c.name, c.id, ...c.aliases].map((words) => ({ words: words.trim(), company: c })))
    .filter((n) => n.words.length > 1)
    .sort((a, b) => b.words.length - a.words.length);
}

/**
 * The company a message names, and the message without the words that named it ("for the Irish company",
 * "for Dublin", "in the UK company"). Only with several companies.
 */
export function pickCompany(text: string, companies: readonly BotCompany[]): CompanyPick {
  if (companies.length < 2) return { kind: 'none', text };
  let rest = ` ${text} `;
  const found = new Map<string, BotCompany>();
  for (const { words, company } of namesOf(companies)) {
    const source = `(?:\\s+(?:for|in|on|of|to|from|at))?(?:\\s+the)?\\s+${escapeRegex(words)}(?:\\s+(?:company|entity|books|ledger))?(?=[\\s,.;!?])`;
    const re = new RegExp(source, 'gi');
    if (!new RegExp(source, 'i').test(rest)) continue;
    found.set(company.id, company);
    rest = rest.replace(re, ' ');
  }
  const cleaned = rest.replace(/\s+/g, ' ').trim();
  if (found.size > 1) return { kind: 'ambiguous', companies: companies.filter((c) => found.has(c.id)), text: cleaned };
  const [company] = found.values();
  return company ? { kind: 'one', company, text: cleaned } : { kind: 'none', text };
}

/** The company whose configured locations include `location` (a name or id as typed). */
export function companyOfLocationName(companies: readonly BotCompany[], location: string): BotCompany | undefined {
  const want = location.trim().toLowerCase();
  return companies.find((c) => (c.locations ?? []).some((l) => String(l).toLowerCase() === want));
}

/** How the other companies are picked, for a card: 'say "for Irish" (Northwind Ireland Ltd)'. */
export function howToPickOthers(companies: readonly BotCompany[], current: BotCompany): string {
  return companies
    .filter((c) => c.id !== current.id)
    .map((c) => `"for ${c.aliases[0] ?? c.id}" (${c.name})`)
    .join(' or ');
}

/** What a flow records about its company (only with several companies). */
export function flowCompany(ctx: BotContext): { company?: FlowCompany } {
  if (ctx.companies.length < 2) return {};
  const how = ctx.chosen ?? 'default';
  const c = ctx.company;
  return {
    company: {
      id: c.id,
      name: c.name,
      how,
      ...(how === 'default' ? { others: howToPickOthers(ctx.companies, c) } : {}),
    },
  };
}

/** The context scoped to company `id` (the default when absent or unknown): its engine and payment sync. */
export function forCompany(ctx: BotContext, id: string | undefined): BotContext {
  const company = ctx.companies.find((c) => c.id === id) ?? ctx.companies[0];
  if (company === ctx.company) return ctx;
  return { ...ctx, company, engine: company.engine, paymentSync: company.paymentSync };
}

/** The question asked when a message names several companies. */
export function whichCompany(companies: readonly BotCompany[]): string {
  return `Which company do you mean: ${companies.map((c) => `${c.name} (say "${c.aliases[0] ?? c.id}")`).join(' or ')}? Name one and ask again.`;
}
