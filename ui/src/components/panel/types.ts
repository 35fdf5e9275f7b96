// What the Panel's dialogs edit before they save.

import type { FieldView, ObjectionKind } from '../../lib/api/types';

/** A changed figure waiting for its reason. */
export type Correction = { field: FieldView; value: number; text: string; objection: string };

/** A keberatan or kejadian khusus being written. */
export type ObjectionDraft = { kind: ObjectionKind; raisedBy: string; text: string; fields: string[] };

/** Every figure of the form typed again: from a recount, or from the paper. */
export type FiguresDraft = { mode: 'recount' | 'entry'; values: Record<string, string>; note: string };
