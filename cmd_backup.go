package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"jixiao/queries"
)

// heldByServer explains what to do when a running server holds the database.
func heldByServer(db, verb string) error {
	if verb == "backup" {
		return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用：请由管理员通过服务备份：\n"+
			"  curl -X POST -H 'Authorization: Bearer 令牌' http://服务地址/api/admin/backup -o 备份.duckdb\n"+
			"The database %s is held by a running jixiao server: take the backup through it, as an administrator:\n"+
			"  curl -X POST -H 'Authorization: Bearer TOKEN' http://HOST/api/admin/backup -o backup.duckdb", db, db)
	}
	return fmt.Errorf("数据库 %s 正被运行中的 jixiao 服务占用：请先停止服务再恢复。\n"+
		"The database %s is held by a running jixiao server: stop it before restoring", db, db)
}

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
	s, err := queries.Open(*db)
	if errors.Is(err, queries.ErrLocked) {
		return heldByServer(*db, "backup")
	}
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, pos[0]); err != nil {
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
	err = queries.Restore(pos[0], *db)
	if errors.Is(err, queries.ErrLocked) {
		return heldByServer(*db, "restore")
	}
	if err != nil {
		return err
	}
	fmt.Printf("已从 %s 恢复数据库 %s（原数据库保留为 %s.pre-restore）/ restored %s from %s (the previous database is kept as %s.pre-restore)\n",
		pos[0], *db, *db, *db, pos[0], *db)
	return nil
}
