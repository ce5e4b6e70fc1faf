/** Number formatting for the report: fixed decimals, and a dash where there is no measurement. */
export const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
