package queries

// tr picks the Chinese or the English text.
func tr(lang, zh, en string) string {
	if lang == "en" {
		return en
	}
	return zh
}
