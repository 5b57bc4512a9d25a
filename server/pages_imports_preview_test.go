package server

import (
	"strings"
	"testing"
)

// A dry run from the imports page (and ?dry_run=1 of the API) shows what
// the upload would change, stores nothing, and lists the moves in a table
// (which the table tools let the office download).
func TestImportDryRunPage(t *testing.T) {
	t.Parallel() // its own store and server
	s := newTestServer(t, loadFixture(t, ""))
	office := mustLogin(t, s, "office")
	before := scoresJSON(t, s.Store)
	history := string(do(t, s, req{method: "GET", path: "/api/imports", cookie: office}).body)
	file := []byte("indicator_code,unit_code,period,actual,target,note\nD01,GX01,2025Q4,10,,\n")
	r := pageUpload(t, s, office, "/imports/values?dry_run=1", "low.csv", file, nil)
	body := string(r.body)
	if r.code != 200 || !strings.Contains(body, `id="import-preview"`) || !strings.Contains(body, "试运行结果（未保存）") {
		t.Fatalf("dry run page: %d %s", r.code, body[:min(len(body), 300)])
	}
	for _, want := range []string{"<dt>替换行</dt><dd>1</dd>", "<dt>新增行</dt><dd>0</dd>", "百色市税务局"} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview does not show %q", want)
		}
	}
	if scoresJSON(t, s.Store) != before || string(do(t, s, req{method: "GET", path: "/api/imports", cookie: office}).body) != history {
		t.Fatal("a dry run stored something")
	}
	api := pageUpload(t, s, office, "/api/imports/values?dry_run=1", "low.csv", file, nil)
	if api.code != 200 || !strings.Contains(string(api.body), `"preview"`) || !strings.Contains(string(api.body), `"replaced":1`) {
		t.Errorf("API dry run: %d %s", api.code, api.body)
	}
	if scoresJSON(t, s.Store) != before {
		t.Fatal("the API's dry run stored something")
	}
}
