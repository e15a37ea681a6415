/**
 * The one list of what a user can say: the help card shows every entry, and the Teams manifest's compose-box
 * commands are the entries' short forms (title <= 32 characters, description <= 128), so the two never disagree.
 */

export interface CommandEntry {
  command: string;
  description: string;
  /** The entry as the Teams compose box offers it, when it is offered there (at most 10). */
  compose?: { title: string; description: string };
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    command: 'run | preview invoices | expenses | inventory',
    description:
      'Preview unposted transactions, then approve to post them to Sage. Add "through <date>", "for <location>", "detail default|condensed|detailed".',
    compose: {
      title: 'run invoices through friday',
      description: 'Preview unposted Manage invoices up to a date, set the batch number, approve posting to Sage.',
    },
  },
  {
    command: 'rerun <batch> [force]',
    description:
      'Rebuild a batch from Manage and post what is not yet in Sage; "force" sends every document again (duplicates).',
    compose: {
      title: 'rerun <batch> [force]',
      description: 'Post a batch again: lists what is already in Sage and asks for approval; "force" posts duplicates.',
    },
  },
  {
    command: 'reconcile <batch>',
    description: 'Read a batch back from Sage and compare it with what it sent; lists what Sage is missing.',
    compose: {
      title: 'reconcile <batch>',
      description: 'Read a batch back from Sage: reconciled, or what Sage is missing.',
    },
  },
  {
    command: 'sync payments [since last run | last week | two weeks | last month | <date>]',
    description: 'Copy payments recorded in Sage to the Manage invoices.',
    compose: {
      title: 'sync payments',
      description: 'Copy invoice payments recorded in Sage back to Manage (add "since last week", a date...).',
    },
  },
  {
    command: 'batches',
    description: 'List recent batches.',
    compose: { title: 'batches', description: 'Recent batches and their outcome.' },
  },
  {
    command: 'status',
    description: 'What is running, recent runs and syncs, who can approve.',
    compose: { title: 'status', description: 'Connections, the last runs and the next scheduled payment sync.' },
  },
  {
    command: 'settings',
    description: 'Show (operators and approvers: change) split invoicing, service invoicing, expenses as journal.',
  },
  {
    command: 'alerts here | alerts off',
    description: 'Send (or stop) batch and payment sync alerts to this conversation.',
    compose: {
      title: 'alerts here',
      description: 'Send batch and payment-sync alerts to this chat or channel ("alerts off" to stop).',
    },
  },
  {
    command: 'every weekday at 8:00 preview invoices here | schedules | stop the invoice schedule',
    description:
      'Operators: preview here on a schedule ("for London", "through yesterday" if wanted), approved on the card; list or stop.',
  },
  {
    command: 'cancel',
    description: 'Cancel the open preview in this conversation (before posting starts).',
    compose: { title: 'cancel', description: 'Cancel the open preview in this conversation (before posting starts).' },
  },
  {
    command: 'help',
    description: 'This list.',
    compose: { title: 'help', description: 'What sagebot can do, with examples.' },
  },
];

/** The compose-box commands, in the help card's order. */
export function composeCommands(): Array<{ title: string; description: string }> {
  return COMMANDS.flatMap((c) => (c.compose ? [{ ...c.compose }] : []));
}
