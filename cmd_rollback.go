package main

import (
	"context"
	"flag"
	"fmt"

	"jixiao/queries/imports"
)

func cmdRollback(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("rollback", flag.ContinueOnError)
	db := dbFlag(fs)
	user := fs.String("user", envOr("USER", "cli"), "who rolls back")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	var id int64
	if len(pos) != 1 {
		return fmt.Errorf("usage: jixiao rollback BATCH")
	}
	if _, err := fmt.Sscan(pos[0], &id); err != nil {
		return fmt.Errorf("batch %q is not a number", pos[0])
	}
	if err := imports.RollbackFile(ctx, *db, id, *user); err != nil {
		return err
	}
	fmt.Printf("批次 %d 已回滚 / batch %d rolled back\n", id, id)
	return nil
}
