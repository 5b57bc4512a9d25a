package reports

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Bundle is a quarterly report built for the report centre, completely in
// memory and checked: the HTML without the ECharts library (which Inline
// puts back at LibAt, the same library in every report) and the XLSX.
type Bundle struct {
	HTML     []byte
	LibAt    int64
	HTMLSize int64 // bytes of the self-contained page
	XLSX     []byte
	Names    []string // every unit the report names (Quarterly.Names)
}

// ErrNoScore means the report's unit has no score in the quarter: it gets
// no report (a blank one would say nothing).
var ErrNoScore = errors.New("该单位本季度没有得分，未生成报告 / the unit has no score in this quarter: no report")

// Bundle renders the HTML and XLSX of q and checks each: not empty, and
// holding the unit's own score section with its score. Nothing is
// returned unless both pass.
func (q *Quarterly) Bundle() (*Bundle, error) {
	if q.Self == nil {
		return nil, ErrNoScore
	}
	score := strconv.FormatFloat(q.Self.Score, 'f', 2, 64)
	page, at, err := q.htmlWithoutLib()
	if err != nil {
		return nil, err
	}
	lib := EChartsJS()
	if len(lib) == 0 {
		return nil, checkErr("报告缺少内置的图表库 / the report's chart library is missing")
	}
	if err := checkHTML(Inline(page, at), q.Unit.Name, score); err != nil {
		return nil, err
	}
	var x bytes.Buffer
	if err := q.WriteXLSX(&x); err != nil {
		return nil, fmt.Errorf("XLSX 生成失败 / the XLSX could not be written: %w", err)
	}
	if err := checkXLSX(x.Bytes(), q.Unit.Code, q.Self.Score); err != nil {
		return nil, err
	}
	return &Bundle{HTML: page, LibAt: at, HTMLSize: int64(len(page) + len(lib)), XLSX: x.Bytes(), Names: q.Names()}, nil
}

// htmlWithoutLib writes the page with a marker where the library goes (a
// random one: imported text cannot hold it) and cuts it out.
func (q *Quarterly) htmlWithoutLib() ([]byte, int64, error) {
	nonce := make([]byte, 16)
	if _, err := rand.Read(nonce); err != nil {
		return nil, 0, err
	}
	marker := []byte("/*jixiao-lib-" + hex.EncodeToString(nonce) + "*/")
	var b bytes.Buffer
	if err := q.writeHTML(&b, marker); err != nil {
		return nil, 0, err
	}
	page := b.Bytes()
	at := bytes.Index(page, marker)
	if at < 0 || bytes.Count(page, marker) != 1 {
		return nil, 0, checkErr("报告页面结构异常 / the report page has an unexpected structure")
	}
	return append(page[:at:at], page[at+len(marker):]...), int64(at), nil
}

// CheckError is a built report that failed its check, in plain words.
type CheckError struct{ Msg string }

func (e *CheckError) Error() string { return e.Msg }

func checkErr(msg string) error { return &CheckError{Msg: msg} }

// Inline is a stored report page with the ECharts library back at at:
// the self-contained page WriteHTML writes.
func Inline(page []byte, at int64) []byte {
	if at < 0 || at > int64(len(page)) {
		return page
	}
	lib := EChartsJS()
	out := make([]byte, 0, len(page)+len(lib))
	out = append(out, page[:at]...)
	out = append(out, lib...)
	return append(out, page[at:]...)
}

// checkHTML: a whole page naming the unit, with the own-score row.
func checkHTML(page []byte, unitName, score string) error {
	switch {
	case len(page) == 0:
		return checkErr("HTML 报告为空 / the HTML report is empty")
	case !bytes.HasSuffix(bytes.TrimSpace(page), []byte("</html>")):
		return checkErr("HTML 报告不完整 / the HTML report is incomplete")
	case !bytes.Contains(page, []byte("<td>本单位得分</td><td class=\"n\">"+score+"</td>")):
		return checkErr("HTML 报告缺少本单位得分 / the HTML report lacks the unit's score")
	case !bytes.Contains(page, []byte(htmlEscaped(unitName))):
		return checkErr("HTML 报告缺少单位名称 / the HTML report lacks the unit's name")
	}
	return nil
}

// checkXLSX: a workbook that opens, whose summary sheet names the unit and
// holds its score.
func checkXLSX(b []byte, code string, score float64) error {
	if len(b) == 0 {
		return checkErr("XLSX 报告为空 / the XLSX report is empty")
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return checkErr("XLSX 报告无法打开 / the XLSX report does not open")
	}
	defer f.Close()
	rows, err := f.GetRows("概况")
	if err != nil {
		return checkErr("XLSX 报告缺少概况表 / the XLSX report lacks its summary sheet")
	}
	named, scored := false, false
	for _, r := range rows {
		if len(r) >= 3 && r[0] == "单位" && strings.HasPrefix(r[2], code+" ") {
			named = true
		}
		if len(r) >= 2 && r[0] == "本单位得分" {
			v, err := strconv.ParseFloat(r[1], 64)
			scored = scored || (err == nil && math.Abs(v-score) < 0.005)
		}
	}
	if !named {
		return checkErr("XLSX 报告缺少单位名称 / the XLSX report lacks the unit's name")
	}
	if !scored {
		return checkErr("XLSX 报告缺少本单位得分 / the XLSX report lacks the unit's score")
	}
	return nil
}

// nameTmpl escapes a name as the report's template does.
var nameTmpl = template.Must(template.New("name").Parse("{{.}}"))

func htmlEscaped(s string) string {
	var b strings.Builder
	_ = nameTmpl.Execute(&b, s)
	return b.String()
}
