package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/gather-coop/gather/internal/config"
)

// network runs follow, unfollow and following: the sources a co-op
// account follows for the network calendar. The target comes first
// (gather admin follow @coop@partner.example --account events); flags may
// follow it.
func network(ctx context.Context, cmd string, args []string, e env) int {
	var target string
	if cmd != "following" {
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			return fail(e, &config.UsageError{Msg: cmd + " needs an account, e.g. gather admin " + cmd + " @coop@partner.example"})
		}
		target, args = args[0], args[1:]
	}
	var handle string
	cfg, err := parseFlags("admin "+cmd, "follow other co-ops for the network calendar", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&handle, "account", "", "the co-op account that follows (default: the first)")
	})
	if err != nil {
		return fail(e, err)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	if handle == "" {
		if handle, err = inst.App.DefaultActor(ctx); err != nil {
			return fail(e, err)
		}
	}
	switch cmd {
	case "follow":
		src, ferr := inst.App.Follow(ctx, handle, target)
		if ferr != nil {
			return fail(e, asUsage(ferr))
		}
		fmt.Fprintf(e.stdout, "@%s asked to follow %s: pending until it accepts (the running server delivers the Follow)\n", handle, src.Handle)
	case "unfollow":
		if err := inst.App.Unfollow(ctx, handle, target); err != nil {
			return fail(e, asUsage(err))
		}
		fmt.Fprintf(e.stdout, "@%s no longer follows %s; its events are gone from the calendar\n", handle, target)
	default:
		list, lerr := inst.App.Sources(ctx, handle)
		if lerr != nil {
			return fail(e, asUsage(lerr))
		}
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSOURCE\tSTATE\tREQUESTED\tACCEPTED\tLAST HEARD\tUNREACHABLE SINCE\tUPCOMING")
		for _, s := range list {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", s.ID, s.Handle, s.State, day(&s.RequestedAt), day(s.AcceptedAt),
				day(s.LastHeardAt), day(s.UnreachableSince), s.Upcoming)
		}
		_ = tw.Flush()
	}
	return exitOK
}

// day is t as a UTC minute, "-" for none.
func day(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
