package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
)

// multiFlag collects a flag given many times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func reportAccount(ctx context.Context, args []string, e env) int {
	var in app.ReportInput
	var statuses multiFlag
	return runApp(ctx, "admin report", "report a remote account for a co-op account, and optionally send it to its server", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&in.Coop, "coop", "", "the co-op account reporting (required)")
		fs.StringVar(&in.Account, "account", "", "the account: @user@host or its address (required)")
		fs.Var(&statuses, "status", "the address of a post of theirs the report is about (may be repeated)")
		fs.StringVar(&in.Comment, "comment", "", "what is wrong, in plain text")
		fs.BoolVar(&in.Forward, "forward", false, "send the report to the account's server as a Flag")
	}, func() error {
		if in.Coop == "" || in.Account == "" {
			return &config.UsageError{Msg: "--coop and --account are required"}
		}
		return nil
	}, func(a *app.App) error {
		in.Statuses = statuses
		r, err := a.ReportAccount(ctx, in)
		if err != nil {
			return err
		}
		if r.ForwardedAt != nil {
			fmt.Fprintf(e.stdout, "reported %s for @%s (report %d), and queued the Flag to its server\n", r.TargetURI, r.ActorHandle, r.ID)
		} else {
			fmt.Fprintf(e.stdout, "reported %s for @%s (report %d), for the admins only\n", r.TargetURI, r.ActorHandle, r.ID)
		}
		return nil
	})
}

func auditLog(ctx context.Context, args []string, e env) int {
	var coop string
	var page int
	return runApp(ctx, "admin audit", "print the audit log, newest first", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&coop, "coop", "", "only the entries of this co-op account")
		fs.IntVar(&page, "page", 1, fmt.Sprintf("which page of %d entries", app.AuditShown))
	}, nil, func(a *app.App) error {
		log, err := a.AuditLog(ctx, strings.TrimPrefix(coop, "@"), page)
		if err != nil {
			return err
		}
		for _, en := range log.Entries {
			who := en.Username
			if en.Token != "" {
				who += " (token " + en.Token + ")"
			}
			where := "instance"
			if en.Coop != "" {
				where = "@" + en.Coop
			}
			line := fmt.Sprintf("%s\t%s\t%s\t%s\t%s", en.At.UTC().Format("2006-01-02T15:04:05Z"), who, where, en.Action, en.Target)
			if en.Detail != "" {
				line += "\t" + en.Detail
			}
			fmt.Fprintln(e.stdout, line)
		}
		if log.More {
			fmt.Fprintf(e.stdout, "… more: --page %d\n", log.Page+1)
		}
		return nil
	})
}
