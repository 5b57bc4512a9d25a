package data

// Messages of issue 17's hardening, kept apart from messages.go.
func init() {
	catalog["control_char"] = [2]string{"名称含有控制字符（例如换行、ESC 或终端转义序列），请删除后再导入",
		"the name contains control characters (a line break, ESC or a terminal escape sequence): remove them"}
}
