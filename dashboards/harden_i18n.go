package dashboards

// Strings of issue 17's hardening.
func init() {
	addMessages(hardenMessages)
}

var hardenMessages = map[string][2]string{
	// A department or branch sees the batch without who imported which file.
	"an_batch_anon": {"导入批次 #%d：于 %s 导入，SHA-256 %s", "batch #%d imported at %s, SHA-256 %s"},
}
