package data

// The words of SPEC §14's account rules in a users file: the message is
// given in both languages by queries (Args: Chinese, English).
func init() {
	catalog["account_rule"] = [2]string{"%[1]s", "%[2]s"}
}
