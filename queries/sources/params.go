package sources

import "strings"

// bindPeriod rewrites every `:period` of query that stands outside string
// literals, quoted identifiers and comments into the driver's placeholder
// ($1 for postgres, ? for mysql), so that the quarter always travels as a
// bind argument and is never spliced into the text. It returns the query
// and how many placeholders it holds (the argument is repeated that many
// times for mysql; postgres binds one $1 however often it is used).
// A `::period` (a PostgreSQL cast to a type named period) and a longer
// name such as `:periods` are left alone.
func bindPeriod(query, driver string) (string, int) {
	var b strings.Builder
	n := 0
	mysql := driver == DriverMySQL
	for i := 0; i < len(query); {
		c := query[i]
		switch {
		case c == '\'' || c == '"' || (c == '`' && mysql):
			j := skipQuoted(query, i, c, mysql && c != '`')
			b.WriteString(query[i:j])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-',
			c == '#' && mysql:
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j
		case c == '/' && i+1 < len(query) && query[i+1] == '*':
			j := strings.Index(query[i+2:], "*/")
			end := len(query)
			if j >= 0 {
				end = i + 2 + j + 2
			}
			b.WriteString(query[i:end])
			i = end
		case c == '$' && !mysql && dollarTag(query, i) != "":
			tag := dollarTag(query, i)
			j := strings.Index(query[i+len(tag):], tag)
			end := len(query)
			if j >= 0 {
				end = i + len(tag) + j + len(tag)
			}
			b.WriteString(query[i:end])
			i = end
		case c == ':' && strings.HasPrefix(query[i:], ":period") &&
			(i+7 == len(query) || !identChar(query[i+7])) &&
			(i == 0 || (query[i-1] != ':' && !identChar(query[i-1]))):
			if mysql {
				b.WriteByte('?')
			} else {
				b.WriteString("$1")
			}
			n++
			i += 7
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String(), n
}

// skipQuoted returns the index just past the literal opened by q at i; a
// doubled quote stays inside, and so does a backslash escape when
// backslash is set (MySQL strings).
func skipQuoted(s string, i int, q byte, backslash bool) int {
	for j := i + 1; j < len(s); j++ {
		switch {
		case backslash && s[j] == '\\':
			j++
		case s[j] == q && j+1 < len(s) && s[j+1] == q:
			j++
		case s[j] == q:
			return j + 1
		}
	}
	return len(s)
}

// dollarTag is the PostgreSQL dollar-quote opener at i ($$ or $tag$), ""
// when there is none ($1 is a parameter, not a quote).
func dollarTag(s string, i int) string {
	for j := i + 1; j < len(s); j++ {
		if s[j] == '$' {
			return s[i : j+1]
		}
		if !identChar(s[j]) || (j == i+1 && s[j] >= '0' && s[j] <= '9') {
			return ""
		}
	}
	return ""
}

func identChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}
