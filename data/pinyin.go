package data

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Initials are the pinyin initials of a name, for searching units the way
// offices type them: 南宁市税务局 → nnsswj. ASCII letters and digits are kept
// (lower-cased), other characters dropped; a character with several
// readings takes its most common one.
func Initials(s string) string {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	a.Fallback = func(r rune, _ pinyin.Args) []string {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return []string{strings.ToLower(string(r))}
		}
		return nil
	}
	var b strings.Builder
	for _, p := range pinyin.LazyPinyin(s, a) {
		b.WriteString(p)
	}
	return b.String()
}

// MatchUnit tells whether a search query names a unit: by code (prefix or
// part, any case), by a part of its name, or by a part of its name's
// pinyin initials ("nn" finds 南宁).
func MatchUnit(q, code, name string) bool {
	q = strings.ToLower(strings.TrimSpace(q))
	if q == "" {
		return false
	}
	if strings.Contains(strings.ToLower(code), q) || strings.Contains(strings.ToLower(name), q) {
		return true
	}
	return isASCIIWord(q) && strings.Contains(Initials(name), q)
}

func isASCIIWord(s string) bool {
	for _, r := range s {
		if r >= unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return false
		}
	}
	return true
}
