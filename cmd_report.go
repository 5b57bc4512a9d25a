package main

import (
	"context"
	"fmt"
)

func cmdReport(ctx context.Context, args []string) error {
	return fmt.Errorf("report: not built yet")
}
