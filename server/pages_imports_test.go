package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"jixiao/data"
	"jixiao/queries"
	"jixiao/queries/imports"
)

// pageUpload posts a file as the imports page's form does: multipart
// field "file" to path, with the browser's same-origin Origin header
// unless headers say otherwise.
func pageUpload(t testing.TB, s *Server, cookie, path, name string, content []byte, headers map[string]string) resp {
	t.Helper()
	h := map[string]string{"Origin": "http://example.com"} // httptest's host
	for k, v := range headers {
		h[k] = v
	}
	return multipartPost(t, s, cookie, path, name, content, h)
}

// pagePost is a same-origin form post without fields (a button).
func pagePost(t testing.TB, s *Server, cookie, path string) resp {
	t.Helper()
	return do(t, s, req{method: "POST", path: path, cookie: cookie, headers: map[string]string{"Origin": "http://example.com"}})
}

func scoresJSON(t *testing.T, st *queries.Store) string {
	t.Helper()
	rows, err := st.Scores(context.Background(), queries.Everything, "")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(rows)
	return string(b)
}

// The page, its nav item and the templates open to those who may import
// (admin, the province office) and to nobody else.
func TestImportsPageAccess(t *testing.T) {
	s, ck := sharedServer(t)
	for who, want := range map[string]int{"admin": 200, "office": 200, "city_office": 403, "dept": 403, "staff": 403, "leader": 403} {
		r := do(t, s, req{method: "GET", path: "/imports", cookie: ck[who]})
		if r.code != want {
			t.Errorf("/imports as %s: %d want %d", who, r.code, want)
		}
		home := do(t, s, req{method: "GET", path: "/", cookie: ck[who]})
		if has := strings.Contains(string(home.body), `href="/imports"`); has != (want == 200) {
			t.Errorf("nav item 数据导入 for %s: %v", who, has)
		}
		tpl := do(t, s, req{method: "GET", path: "/imports/templates/values.csv", cookie: ck[who]})
		if (tpl.code == 200) != (want == 200) {
			t.Errorf("template as %s: %d", who, tpl.code)
		}
	}
	if r := do(t, s, req{method: "GET", path: "/imports"}); r.code != 303 {
		t.Errorf("/imports without a session: %d, want the login redirect", r.code)
	}
	page := string(do(t, s, req{method: "GET", path: "/imports", cookie: ck["office"]}).body)
	for _, want := range []string{"<title>数据导入", `action="/imports/values"`, `enctype="multipart/form-data"`, "指标台账", "加减分",
		`href="/imports/templates/units.xlsx"`, "导入人", "回滚"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script>") {
		t.Error("inline script (CSP)")
	}
	en := string(do(t, s, req{method: "GET", path: "/imports?lang=en", cookie: ck["office"]}).body)
	if !strings.Contains(en, "<title>Data import") || !strings.Contains(en, "Batch history") {
		t.Error("the English page is not English")
	}
	if r := do(t, s, req{method: "GET", path: "/imports/templates/nope.csv", cookie: ck["admin"]}); r.code != 404 {
		t.Errorf("unknown template: %d", r.code)
	}
	if r := pagePost(t, s, ck["dept"], "/imports/1/rollback"); r.code != 403 {
		t.Errorf("rollback by a department: %d", r.code)
	}
}

// Uploads through the page: a bad file shows every error by row and column
// and changes nothing; a good one imports and rolls back; a cross-site
// post is refused; the templates round-trip through the importer.
func TestImportsPageUpload(t *testing.T) {
	t.Parallel() // its own store and server
	st := loadFixture(t, "")
	defer st.Close()
	s := newTestServer(t, st)
	office := mustLogin(t, s, "office")
	before, scores := snapshot(t, s), scoresJSON(t, st)

	bad := "indicator_code,unit_code,period,actual,target,note\n" +
		"D01,GX01,2025Q4,97.5,,\n" + // fine on its own
		"D01,NOPE,2025Q4,97.5,,\n" + // unknown unit
		"D01,GX02,2025Q4,lots,,\n" + // not a number
		"D01,GX03,2025Q3,97,,\n" // final period
	r := pageUpload(t, s, office, "/imports/values", "bad.csv", []byte(bad), nil)
	if r.code != 422 {
		t.Fatalf("bad file through the page: %d %s", r.code, r.body)
	}
	body := string(r.body)
	if !strings.Contains(body, "数据未作任何更改") || !strings.Contains(body, "bad.csv") || !strings.Contains(body, "错误说明") {
		t.Error("the page does not say the file was rejected")
	}
	rows := regexp.MustCompile(`<tr><td class="num">(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>`).FindAllStringSubmatch(body, -1)
	seen := map[string]bool{}
	for _, m := range rows {
		seen[m[1]] = true
		if strings.TrimSpace(m[2]) == "" || strings.TrimSpace(m[3]) == "" {
			t.Errorf("error row without column or message: %q", m[0])
		}
	}
	if !seen["3"] || !seen["4"] || !seen["5"] || seen["2"] {
		t.Errorf("error rows %v: want 3, 4 and 5 and not 2", seen)
	}
	if after := snapshot(t, s); after != before || scoresJSON(t, st) != scores {
		t.Fatal("a rejected upload changed the data")
	}
	// In English, the errors are English.
	r = pageUpload(t, s, office, "/imports/values?lang=en", "bad.csv", []byte(bad), nil)
	if r.code != 422 || !strings.Contains(string(r.body), "nothing was changed") {
		t.Errorf("English rejection: %d", r.code)
	}
	// Without a file: the page again with the reason.
	if r := pagePost(t, s, office, "/imports/values"); r.code != 400 || !strings.Contains(string(r.body), "请选择要上传的文件") {
		t.Errorf("no file: %d", r.code)
	}

	// A cross-site form post is refused before it reaches the importer.
	good := "indicator_code,unit_code,period,actual,target,note\nD01,GX01,2025Q4,50,,网页导入\n"
	r = pageUpload(t, s, office, "/imports/values", "good.csv", []byte(good), map[string]string{"Origin": "https://evil.example"})
	if r.code != 403 || snapshot(t, s) != before {
		t.Fatalf("cross-site upload: %d", r.code)
	}
	// A department may not import through the page either.
	if r := pageUpload(t, s, mustLogin(t, s, "dept"), "/imports/values", "good.csv", []byte(good), nil); r.code != 403 {
		t.Fatalf("upload by a department: %d", r.code)
	}

	r = pageUpload(t, s, office, "/imports/values", "good.csv", []byte(good), nil)
	if r.code != 303 {
		t.Fatalf("good file: %d %s", r.code, r.body)
	}
	loc := r.headers.Get("Location")
	var id int64
	if _, err := fmt.Sscanf(loc, "/imports?batch=%d", &id); err != nil {
		t.Fatalf("redirect to %q", loc)
	}
	if scoresJSON(t, st) == scores {
		t.Error("the import did not change the scores")
	}
	done := string(do(t, s, req{method: "GET", path: loc, cookie: office}).body)
	if !strings.Contains(done, fmt.Sprintf("批次 %d 已导入：指标台账，1 行", id)) || !strings.Contains(done, "good.csv") {
		t.Error("the page does not report the batch")
	}
	form := fmt.Sprintf(`action="/imports/%d/rollback"`, id)
	if !strings.Contains(done, form) {
		t.Fatal("the history offers no rollback for the batch")
	}
	r = pagePost(t, s, office, fmt.Sprintf("/imports/%d/rollback", id))
	if r.code != 303 || r.headers.Get("Location") != fmt.Sprintf("/imports?rolled=%d", id) {
		t.Fatalf("rollback: %d %s", r.code, r.headers.Get("Location"))
	}
	if scoresJSON(t, st) != scores {
		t.Error("the rollback did not restore the scores")
	}
	hist := string(do(t, s, req{method: "GET", path: r.headers.Get("Location"), cookie: office}).body)
	if strings.Contains(hist, form) || !strings.Contains(hist, "已回滚") || !strings.Contains(hist, fmt.Sprintf("批次 %d 已回滚", id)) {
		t.Error("the history does not show the rollback")
	}
	// Twice: refused with the reason, on the page.
	if r := pagePost(t, s, office, fmt.Sprintf("/imports/%d/rollback", id)); r.code != 409 || !strings.Contains(string(r.body), "already rolled back") {
		t.Errorf("second rollback: %d", r.code)
	}

	t.Run("csv template", func(t *testing.T) {
		r := do(t, s, req{method: "GET", path: "/imports/templates/values.csv", cookie: office})
		if r.code != 200 || !strings.HasPrefix(r.headers.Get("Content-Type"), "text/csv") ||
			!strings.Contains(r.headers.Get("Content-Disposition"), "attachment") {
			t.Fatalf("template: %d %v", r.code, r.headers)
		}
		if !bytes.HasPrefix(r.body, []byte("\xEF\xBB\xBF")) {
			t.Fatal("no BOM")
		}
		lines := strings.Split(strings.TrimRight(strings.TrimPrefix(string(r.body), "\uFEFF"), "\r\n"), "\r\n")
		if len(lines) != 2 || lines[0] != "指标代码,单位代码,期间,实际值,目标值,备注" {
			t.Fatalf("template lines %q", lines)
		}
		for _, k := range data.Kinds {
			r := do(t, s, req{method: "GET", path: "/imports/templates/" + string(k) + ".csv", cookie: office})
			for _, f := range data.Tables[k] {
				if !strings.Contains(string(r.body), f.ChineseHeader()) {
					t.Errorf("%s template lacks %s", k, f.ChineseHeader())
				}
			}
		}
		// Filled in and imported.
		filled := "\uFEFF" + lines[0] + "\r\nD01,GX02,2025Q4,88%,,模板导入\r\n"
		p := filepath.Join(t.TempDir(), "filled.csv")
		os.WriteFile(p, []byte(filled), 0o644)
		b, err := imports.Import(context.Background(), st, data.KindValues, p, imports.Options{User: "test"})
		if err != nil {
			t.Fatalf("filled template: %v", err)
		}
		if b.Rows != 1 {
			t.Errorf("rows %d", b.Rows)
		}
	})
	t.Run("xlsx template", func(t *testing.T) {
		r := do(t, s, req{method: "GET", path: "/imports/templates/adjustments.xlsx", cookie: office})
		if r.code != 200 || !strings.Contains(r.headers.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("template: %d", r.code)
		}
		f, err := excelize.OpenReader(bytes.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheet := f.GetSheetName(0)
		if sheet != "加减分" {
			t.Errorf("sheet %q", sheet)
		}
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) != 2 || strings.Join(rows[0], ",") != "单位代码,期间,类别,分值,原因,指标代码" {
			t.Fatalf("rows %q %v", rows, err)
		}
		st1, _ := f.GetCellStyle(sheet, "A1")
		style, err := f.GetStyle(st1)
		if err != nil || style.Font == nil || !style.Font.Bold {
			t.Error("the header is not bold")
		}
		panes, err := f.GetPanes(sheet)
		if err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("the header is not frozen: %+v %v", panes, err)
		}
		// Filled in (over the example row) and imported.
		for i, v := range []any{"GX02", "2025Q4", "penalty", 1.5, "模板导入", ""} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			f.SetCellValue(sheet, cell, v)
		}
		p := filepath.Join(t.TempDir(), "filled.xlsx")
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		if _, err := imports.Import(context.Background(), st, data.KindAdjustments, p, imports.Options{User: "test"}); err != nil {
			t.Fatalf("filled template: %v", err)
		}
	})
}
