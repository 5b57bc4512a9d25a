package main

import (
	"context"
	"fmt"
	"os"

	"jixiao/data"
)

func demoLoginsOnly() []data.DemoLogin {
	dir, err := os.MkdirTemp("", "jixiao-demo-*")
	if err != nil {
		return nil
	}
	defer os.RemoveAll(dir)
	_, logins, _ := data.WriteDemo(dir, 1)
	return logins
}

func cmdToken(ctx context.Context, args []string) error {
	return fmt.Errorf("token: not built yet")
}
