/** One field of a RowData: the seed reads `root.name.value`. */
export class FieldValue<T> {
  constructor(readonly value: T) {}

  toString(): string {
    return String(this.value);
  }

  toJSON(): T {
    return this.value;
  }
}

export type RowData<T extends object> = { readonly [K in keyof T]: FieldValue<T[K]> } & {
  toJSON(): T;
};

const rowProto = {
  toJSON(this: Record<string, FieldValue<unknown>>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(this)) out[key] = this[key]!.value;
    return out;
  },
};

/** Wraps a plain row so each field is read as `.value`, the way the seed document does. */
export function toRowData<T extends object>(row: T): RowData<T> {
  const out = Object.create(rowProto) as Record<string, FieldValue<unknown>>;
  for (const [key, value] of Object.entries(row)) {
    Object.defineProperty(out, key, { value: new FieldValue(value), enumerable: true });
  }
  return Object.freeze(out) as unknown as RowData<T>;
}
