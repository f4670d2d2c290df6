// What a compiled protocol says about itself (its `protocol` export): the declarations a
// case-management system shows to people, and every rule with the source it comes from.
import type { CalendarName } from "./calendars.js";

export interface Labelled {
  readonly id: string;
  readonly label?: string;
}

export interface ProtocolInfo {
  readonly name: string;
  readonly title?: string;
  readonly version?: string;
  readonly effective?: string;
  readonly calendar: CalendarName;
  readonly teams: readonly Labelled[];
  readonly panels: readonly Labelled[];
  readonly events: readonly Labelled[];
  readonly documents: readonly Labelled[];
  readonly facts: readonly Labelled[];
  readonly rules: readonly { readonly name: string; readonly source?: string; readonly because?: string }[];
}
