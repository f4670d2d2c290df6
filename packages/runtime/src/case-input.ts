// The shape of a case record as the runtime reads it (spec section 9). A compiled protocol's own
// `Case` type narrows it: its teams, facts, events and documents.

export interface EventRecord {
  /** The ISO date the event took place. */
  readonly held?: string;
  /** The ISO date it is planned for. */
  readonly scheduled?: string;
}

export interface CaseInput {
  /** The team holding the case now. */
  readonly team: string;
  /** What is known about the child and the case; a fact left out is unknown. */
  readonly facts: Readonly<Record<string, unknown>>;
  readonly events?: Readonly<Record<string, EventRecord | undefined>>;
  /** The documents that are complete. */
  readonly documents?: readonly string[];
}
