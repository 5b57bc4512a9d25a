package dashboards

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestTableCSVNeutralisesFormulas runs the table download's CSV writer
// (assets/tables.js) under Node: text that a spreadsheet would run as a
// formula gets a leading apostrophe, numbers stay numbers. Without Node
// (it is not needed to build or serve) the test is skipped.
func TestTableCSVNeutralisesFormulas(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed")
	}
	js, err := os.ReadFile("assets/tables.js")
	if err != nil {
		t.Fatal(err)
	}
	prog := `var window = {}; var document = {documentElement: {getAttribute: function () { return 'zh'; }}, readyState: 'loading', addEventListener: function () {}};
` + string(js) + `
window.jixiaoTables.toCSV({head: ['单位', '得分'], rows: [['=HYPERLINK("http://evil","x")', '87.13'], ['@SUM(A1)', '-3.5'], ['+1+1', '+2'], ['-2+3', '88.4%'], ['百色市局', '—']]})
  .arrayBuffer().then(function (b) { process.stdout.write(Buffer.from(b)); });`
	out, err := exec.Command(node, "-e", prog).CombinedOutput()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	want := "\ufeff单位,得分\r\n\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",87.13\r\n'@SUM(A1),-3.5\r\n'+1+1,+2\r\n'-2+3,88.4%\r\n百色市局,—\r\n"
	if got := string(out); got != want {
		t.Errorf("csv:\n got %q\nwant %q", got, want)
	}
	if !strings.Contains(string(js), "SafeCSVCell") {
		t.Error("tables.js no longer names the rule it shares with data.SafeCSVCell")
	}
}
