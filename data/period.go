package data

import (
	"fmt"
	"regexp"
	"strconv"
)

var (
	quarterRe = regexp.MustCompile(`^([12][0-9]{3})Q([1-4])$`)
	yearRe    = regexp.MustCompile(`^[12][0-9]{3}$`)
)

// Period is a quarter (2025Q3) or a year (2025).
type Period struct {
	Year    int
	Quarter int // 0 for a year
}

// ParsePeriod accepts "YYYYQn" or "YYYY".
func ParsePeriod(s string) (Period, error) {
	if m := quarterRe.FindStringSubmatch(s); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		return Period{y, q}, nil
	}
	if yearRe.MatchString(s) {
		y, _ := strconv.Atoi(s)
		return Period{Year: y}, nil
	}
	return Period{}, fmt.Errorf("period %q is not YYYYQ1…YYYYQ4 or YYYY", s)
}

// IsQuarter reports whether s is a well-formed quarter.
func IsQuarter(s string) bool { return quarterRe.MatchString(s) }

// OnlyQuarters keeps the rows whose period is a quarter, in their order
// (nil when none is).
func OnlyQuarters[T any](rows []T, period func(T) string) []T {
	var out []T
	for _, r := range rows {
		if IsQuarter(period(r)) {
			out = append(out, r)
		}
	}
	return out
}

// IsYear reports whether p is an annual period.
func (p Period) IsYear() bool { return p.Quarter == 0 }

// String formats the period as it is imported and shown.
func (p Period) String() string {
	if p.Quarter == 0 {
		return strconv.Itoa(p.Year)
	}
	return fmt.Sprintf("%dQ%d", p.Year, p.Quarter)
}

// Prev is the previous period of the same kind (quarter before or year before).
func (p Period) Prev() Period {
	if p.Quarter == 0 {
		return Period{Year: p.Year - 1}
	}
	if p.Quarter == 1 {
		return Period{p.Year - 1, 4}
	}
	return Period{p.Year, p.Quarter - 1}
}

// Label is the Chinese display name: 2025年第3季度 or 2025年度.
func (p Period) Label() string {
	if p.Quarter == 0 {
		return fmt.Sprintf("%d年度", p.Year)
	}
	return fmt.Sprintf("%d年第%d季度", p.Year, p.Quarter)
}
