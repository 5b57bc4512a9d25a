package data

import "strings"

// formulaLead are the first characters that make a spreadsheet read a
// cell as a formula (OWASP, CSV injection): = + - @, tab and carriage return.
const formulaLead = "=+-@\t\r"

// SafeCSVCell neutralises a text cell of a CSV export that a spreadsheet
// would run as a formula, by a leading apostrophe (shown by Excel and WPS
// as plain text). Numeric cells must not pass through it: numbers stay numbers.
func SafeCSVCell(s string) string {
	if s != "" && strings.ContainsRune(formulaLead, rune(s[0])) {
		return "'" + s
	}
	return s
}
