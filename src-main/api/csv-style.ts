// How a CSV Alveo writes is laid out, for whoever opens it. Excel opens a double-clicked CSV with the
// regional settings' list separator and decimal sign: with German, French (and most non-English)
// settings those are ';' and ',', so a comma-separated file lands in one column there (review 41 F7).

export const CSV_STYLES = ['scripts', 'excel', 'excel-decimal-comma'] as const;

/**
 * 'scripts': comma-separated, '.' decimals, no byte-order mark. 'excel': the same with a UTF-8
 * byte-order mark (Excel reads accented names right only then). 'excel-decimal-comma': ';'-separated,
 * a decimal comma in number columns, with the mark: Excel set to a decimal comma (German, French…).
 */
export type CsvStyle = (typeof CSV_STYLES)[number];
