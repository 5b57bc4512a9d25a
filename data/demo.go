package data

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// DemoLogin is one printed demo account.
type DemoLogin struct{ Username, Password, Role, UnitCode, Name string }

// DemoFiles are the CSV files WriteDemo wrote, by kind.
type DemoFiles map[Kind]string

// demoQuarters are the quarters of the demo ledger.
var demoQuarters = []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"}

// demoUnit is one row of units.csv.
type demoUnit struct {
	code, name, parent, kind, level, peer string
}

// WriteDemo writes units.csv, indicators.csv, values.csv, adjustments.csv,
// users.csv (UTF-8, English headers, RFC 4180 quoting) into dir and returns
// their paths and the demo logins. scale 1 is the normal demo province
// (about 500 units, 75,000 values); scale N multiplies the county bureaus by
// N and adds 2(N−1) branches to every county, so scale 10 writes about 2.7
// million values (75 MB) in about a second. The output depends only on scale.
func WriteDemo(dir string, scale int) (DemoFiles, []DemoLogin, error) {
	if scale < 1 {
		return nil, nil, fmt.Errorf("demo scale %d: must be at least 1", scale)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, nil, err
	}
	units := demoUnits(scale)
	files := DemoFiles{}
	steps := []struct {
		kind Kind
		fn   func(*csv.Writer) error
	}{
		{KindUnits, func(w *csv.Writer) error { return writeDemoUnits(w, units) }},
		{KindIndicators, writeDemoIndicators},
		{KindValues, func(w *csv.Writer) error { return writeDemoValues(w, units) }},
		{KindAdjustments, writeDemoAdjustments},
		{KindUsers, writeDemoUsers},
	}
	for _, s := range steps {
		path := filepath.Join(dir, string(s.kind)+".csv")
		if err := writeDemoFile(path, s.kind, s.fn); err != nil {
			return nil, nil, fmt.Errorf("demo %s: %w", s.kind, err)
		}
		files[s.kind] = path
	}
	logins := make([]DemoLogin, len(demoLogins))
	copy(logins, demoLogins)
	return files, logins, nil
}

// writeDemoFile creates path, writes the English header of kind and lets fn
// write the rows through a 1 MB buffer.
func writeDemoFile(path string, kind Kind, fn func(*csv.Writer) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	w := csv.NewWriter(bw)
	header := make([]string, 0, len(Tables[kind]))
	for _, fd := range Tables[kind] {
		header = append(header, fd.Name)
	}
	if err := w.Write(header); err != nil {
		return err
	}
	if err := fn(w); err != nil {
		return err
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// demoUnits builds the unit tree, parents before children.
func demoUnits(scale int) []demoUnit {
	units := []demoUnit{{code: "GX", name: "国家税务总局广西壮族自治区税务局", kind: "bureau", level: "province"}}
	for _, fn := range demoFuncs {
		units = append(units, demoUnit{"GX-" + fn.code, "广西区局" + fn.province, "GX", "department", "province", ""})
	}
	for ci, city := range demoCities {
		cc := fmt.Sprintf("GX%02d", ci+1)
		short := []rune(city.name)
		cityShort := string(short[:len(short)-1]) // 南宁市 → 南宁
		units = append(units, demoUnit{cc, city.name + "税务局", "GX", "bureau", "city", ""})
		for _, fn := range demoFuncs {
			if fn.city != "" {
				units = append(units, demoUnit{cc + "-" + fn.code, cityShort + "市局" + fn.city, cc, "department", "city", ""})
			}
		}
		peer := ""
		if cc == demoMatrixCity {
			peer = demoMatrixCity + "-matrix"
		}
		nCounties := len(city.counties) * scale
		for k := 0; k < nCounties; k++ {
			code := fmt.Sprintf("%s%02d", cc, k+1)
			county := fmt.Sprintf("%s第%d区县", city.name, k+1)
			if k < len(city.counties) {
				county = city.counties[k]
			}
			units = append(units, demoUnit{code, county + "税务局", cc, "bureau", "county", ""})
			nBranches := 2 + (ci+k)%3 + 2*(scale-1)
			if peer != "" {
				nBranches += 5 + k%2 // the matrix city has larger counties
			}
			for b := 1; b <= nBranches; b++ {
				units = append(units, demoUnit{code + "-B" + strconv.Itoa(b), county + "第" + demoCN(b) + "税务分局", code, "branch", "county", peer})
			}
		}
	}
	return units
}

// demoCN writes 1…99 in Chinese numerals (37 → 三十七), larger numbers in digits.
func demoCN(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n <= 0 || n >= 100:
		return strconv.Itoa(n)
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	default:
		return digits[n/10] + "十" + digits[n%10]
	}
}

func writeDemoUnits(w *csv.Writer, units []demoUnit) error {
	for _, u := range units {
		if err := w.Write([]string{u.code, u.name, u.parent, u.kind, u.level, u.peer, ""}); err != nil { // function: the code's suffix
			return err
		}
	}
	return nil
}

func demoNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func writeDemoIndicators(w *csv.Writer) error {
	for _, d := range demoIndicators {
		if err := w.Write([]string{d.code, d.name, d.system, d.tier, d.levels, d.unit, d.dir, d.rule,
			demoNum(d.weight), demoNum(d.target), demoNum(d.floor), d.lead, d.coop, d.method, d.source,
			strconv.FormatBool(d.key), d.from, d.to}); err != nil {
			return err
		}
	}
	return nil
}

func writeDemoAdjustments(w *csv.Writer) error {
	for _, a := range demoAdjustments {
		if err := w.Write([]string{a.unit, a.period, a.kind, a.points, a.reason, a.indicator}); err != nil {
			return err
		}
	}
	return nil
}

func writeDemoUsers(w *csv.Writer) error {
	for _, l := range demoLogins {
		if err := w.Write([]string{l.Username, l.Name, l.UnitCode, l.Role, l.Password}); err != nil {
			return err
		}
	}
	return nil
}

// DemoLogins are the demo accounts, without building the province.
func DemoLogins() []DemoLogin {
	return append([]DemoLogin(nil), demoLogins...)
}
