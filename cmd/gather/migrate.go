package main

import (
	"context"
	"fmt"
	"io"
)

func migrate(ctx context.Context, args []string, e env) int {
	cfg, err := parseFlags("migrate", "apply database migrations and exit", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	status, err := inst.Store.SchemaStatus(ctx)
	if err != nil {
		return fail(e, err)
	}
	fmt.Fprintf(e.stdout, "database schema is at version %d (%s)\n", status.Applied, databaseKind(cfg))
	return exitOK
}
