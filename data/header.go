package data

import "strings"

// HeaderError is a problem with the header row (row 1).
type HeaderError struct {
	Column  string
	Message Msg
}

// MapHeader matches the header cells of a file to the columns of kind.
// It returns, for every canonical field, the index of its cell or -1.
// Unknown extra columns are ignored; a missing required column is an error.
func MapHeader(kind Kind, header []string) ([]int, []HeaderError) {
	fields := Tables[kind]
	idx := make([]int, len(fields))
	var errs []HeaderError
	for i, f := range fields {
		idx[i] = -1
		for j, h := range header {
			if matchesField(f, h) {
				if idx[i] >= 0 {
					errs = append(errs, HeaderError{Column: strings.TrimSpace(h), Message: Msg{Key: "dup_column"}})
					continue
				}
				idx[i] = j
			}
		}
		if idx[i] < 0 && f.Required {
			errs = append(errs, HeaderError{Column: f.Name, Message: Msg{Key: "missing_column", Args: []any{f.Name, f.ChineseHeader()}}})
		}
	}
	return idx, errs
}

func matchesField(f Field, h string) bool {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
	if strings.EqualFold(h, f.Name) {
		return true
	}
	for _, a := range f.Aliases {
		if h == a {
			return true
		}
	}
	return false
}
