package main

import (
	"context"
	"flag"
	"fmt"

	"jixiao/queries"
)

// cmdBackup writes a consistent copy of the database to a new file.
func cmdBackup(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	db := dbFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: jixiao backup FILE [--db …]")
	}
	if err := queries.BackupFile(ctx, *db, pos[0]); err != nil {
		return err
	}
	fmt.Printf("已备份到 %s / backed up to %s\n", pos[0], pos[0])
	return nil
}

// cmdRestore replaces the database by a backup, keeping the old one.
func cmdRestore(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	db := dbFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("usage: jixiao restore FILE [--db …]")
	}
	if err := queries.RestoreFile(pos[0], *db); err != nil {
		return err
	}
	fmt.Printf("已从 %s 恢复数据库 %s（原数据库保留为 %s.pre-restore）/ restored %s from %s (the previous database is kept as %s.pre-restore)\n",
		pos[0], *db, *db, *db, pos[0], *db)
	return nil
}
