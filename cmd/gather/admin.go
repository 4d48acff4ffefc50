package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/model"
)

const adminUsage = `gather admin: manage users, tokens and co-op accounts

  gather admin create-user --username U --password-stdin [--role admin|organiser]
  gather admin create-token --username U [--scope write|read]
  gather admin create-actor --handle H --name N
  gather admin grant --username U --coop H
                                        let the organiser U act for the co-op account @H
  gather admin revoke --username U --coop H
                                        stop the organiser U acting for @H
  gather admin import FILE.json [--publish] [--actor H]
                                        create a gathering from a file (see cmd/gather/examples/gathering.json)
  gather admin block-domain DOMAIN      stop delivering to DOMAIN and refuse its activities
  gather admin unblock-domain DOMAIN
  gather admin blocked-domains          list the blocked domains
  gather admin report --coop H --account A [--status URL]... [--comment TEXT] [--forward]
                                        report the remote account A for @H; --forward sends it to
                                        A's server as a Flag (the running server delivers it)
  gather admin audit [--coop H] [--page N]
                                        print the audit log, newest first
  gather admin backup FILE              write the database and the data dir's files (media…) to FILE,
                                        consistently, while gather serves (SQLite; PostgreSQL: pg_dump)
  gather admin restore FILE             unpack a backup into an empty --data-dir
  gather admin copy-to postgres://…     copy the SQLite instance (stopped) into an empty PostgreSQL
                                        database, ids and keys unchanged
  gather admin follow ACCOUNT [--account H]
                                        let @H follow ACCOUNT (@coop@host or its address) for the
                                        network calendar; pending until it accepts
  gather admin unfollow ACCOUNT [--account H]
                                        stop following it and forget its events
  gather admin following [--account H]  list what @H follows: state, last heard, upcoming events
  gather admin doctor [--clock-peer URL]
                                        check what breaks federation, one line each with the
                                        fix; exits 1 if a check fails (docs/self-hosting.md)

Each also takes --data-dir, --database-url and --base-url (or GATHER_*), as serve does.
`

func admin(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(e.stdout, adminUsage)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	// Every change made here is the command line's, in the audit log.
	ctx = app.CommandLine(ctx)
	switch args[0] {
	case "create-user":
		return createUser(ctx, args[1:], e)
	case "create-token":
		return createToken(ctx, args[1:], e)
	case "create-actor":
		return createActor(ctx, args[1:], e)
	case "grant", "revoke":
		return membership(ctx, args[0], args[1:], e)
	case "import":
		return importGathering(ctx, args[1:], e)
	case "block-domain", "unblock-domain", "blocked-domains":
		return domainBlocks(ctx, args[0], args[1:], e)
	case "report":
		return reportAccount(ctx, args[1:], e)
	case "audit":
		return auditLog(ctx, args[1:], e)
	case "backup":
		return backupCmd(ctx, args[1:], e)
	case "restore":
		return restoreCmd(ctx, args[1:], e)
	case "copy-to":
		return copyTo(ctx, args[1:], e)
	case "doctor":
		return doctorCmd(ctx, args[1:], e)
	case "follow", "unfollow", "following":
		return network(ctx, args[0], args[1:], e)
	default:
		fmt.Fprintf(e.stderr, "gather admin: unknown command %q (try gather admin --help)\n", args[0])
		return exitUsage
	}
}

func createUser(ctx context.Context, args []string, e env) int {
	var username, role string
	var fromStdin bool
	cfg, err := parseFlags("admin create-user", "create a person who can sign in and organise", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the name to sign in with (required)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input (required)")
		fs.StringVar(&role, "role", "", "admin or organiser (default: admin for the first user, organiser after)")
	})
	if err == nil && username == "" {
		err = &config.UsageError{Msg: "--username is required"}
	}
	if err == nil && !fromStdin {
		err = &config.UsageError{Msg: "--password-stdin is required: pipe the password in, so it stays out of your shell history"}
	}
	if err != nil {
		return fail(e, err)
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return fail(e, err)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	user, err := inst.App.CreateUser(ctx, username, password, model.Role(role))
	if err != nil {
		return fail(e, asUsage(err))
	}
	fmt.Fprintf(e.stdout, "created %s %q\n", user.Role, user.Username)
	return exitOK
}

// runApp is the course of most subcommands: parse the flags (flags adds
// the subcommand's own to the common ones), check what they say (check,
// when there is one, returns a usage error), open the instance, and do
// the work with its app. An error do returns exits 2 when it is the
// person's to fix (asUsage), 1 otherwise.
func runApp(ctx context.Context, name, summary string, args []string, e env,
	flags func(*flag.FlagSet), check func() error, do func(*app.App) error) int {
	cfg, err := parseFlags(name, summary, args, e, flags)
	if err == nil && check != nil {
		err = check()
	}
	if err != nil {
		return fail(e, err)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	if err := do(inst.App); err != nil {
		return fail(e, asUsage(err))
	}
	return exitOK
}

func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", &config.UsageError{Msg: "no password on standard input"}
	}
	return line, nil
}

func createToken(ctx context.Context, args []string, e env) int {
	var username, scope string
	return runApp(ctx, "admin create-token", "print a new API token for a user; it is shown once", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "whose token (required)")
		fs.StringVar(&scope, "scope", string(model.ScopeWrite), "write: all the user may do; read: reading only, every change refused")
	}, func() error {
		if username == "" {
			return &config.UsageError{Msg: "--username is required"}
		}
		return nil
	}, func(a *app.App) error {
		token, err := a.CreateScopedToken(ctx, username, model.TokenScope(scope))
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, token)
		return nil
	})
}

func createActor(ctx context.Context, args []string, e env) int {
	var handle, name string
	return runApp(ctx, "admin create-actor", "create another co-op account", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&handle, "handle", "", "the account's handle, as in @handle@host (required)")
		fs.StringVar(&name, "name", "", "its display name (required)")
	}, func() error {
		if handle == "" || name == "" {
			return &config.UsageError{Msg: "--handle and --name are required"}
		}
		return nil
	}, func(a *app.App) error {
		actor, err := a.CreateActor(ctx, handle, name)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "created @%s (%s)\n", actor.Handle, actor.Name)
		return nil
	})
}

func membership(ctx context.Context, cmd string, args []string, e env) int {
	var username, coop string
	return runApp(ctx, "admin "+cmd, "manage which co-op accounts an organiser acts for", args, e, func(fs *flag.FlagSet) {
		fs.StringVar(&username, "username", "", "the organiser (required)")
		fs.StringVar(&coop, "coop", "", "the co-op account's handle, as in @handle@host (required)")
	}, func() error {
		if username == "" || coop == "" {
			return &config.UsageError{Msg: "--username and --coop are required"}
		}
		return nil
	}, func(a *app.App) error {
		handle := strings.ToLower(strings.TrimPrefix(coop, "@"))
		if cmd == "grant" {
			if err := a.GrantCoop(ctx, username, coop); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s now organises for @%s\n", strings.ToLower(username), handle)
			return nil
		}
		if err := a.RevokeCoop(ctx, username, coop); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s no longer organises for @%s\n", strings.ToLower(username), handle)
		return nil
	})
}

func domainBlocks(ctx context.Context, cmd string, args []string, e env) int {
	// The domain comes first (gather admin block-domain spam.example
	// --data-dir …); flags may follow it.
	var domain string
	if cmd != "blocked-domains" {
		if len(args) == 0 || strings.HasPrefix(args[0], "-") {
			return fail(e, &config.UsageError{Msg: cmd + " needs a domain, e.g. gather admin " + cmd + " spam.example"})
		}
		domain, args = args[0], args[1:]
	}
	cfg, err := parseFlags("admin "+cmd, "manage blocked domains", args, e, nil)
	if err != nil {
		return fail(e, err)
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	switch cmd {
	case "block-domain":
		err = inst.App.BlockDomain(ctx, domain)
		if err == nil {
			fmt.Fprintf(e.stdout, "blocked %s: no deliveries to it, and its activities are refused\n", strings.ToLower(domain))
		}
	case "unblock-domain":
		err = inst.App.UnblockDomain(ctx, domain)
		if err == nil {
			fmt.Fprintf(e.stdout, "unblocked %s\n", strings.ToLower(domain))
		}
	default:
		var domains []string
		domains, err = inst.App.BlockedDomains(ctx)
		for _, d := range domains {
			fmt.Fprintln(e.stdout, d)
		}
	}
	if err != nil {
		return fail(e, asUsage(err))
	}
	return exitOK
}

func importGathering(ctx context.Context, args []string, e env) int {
	// The file comes first (gather admin import FILE.json --publish);
	// flags may follow it.
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return fail(e, &config.UsageError{Msg: "import needs a file, e.g. gather admin import cmd/gather/examples/gathering.json --publish"})
	}
	file, args := args[0], args[1:]
	var publish bool
	var handle string
	cfg, err := parseFlags("admin import", "create a gathering from a JSON file (the shape of POST /api/v1/gatherings)", args, e, func(fs *flag.FlagSet) {
		fs.BoolVar(&publish, "publish", false, "publish it at once: followers receive it")
		fs.StringVar(&handle, "actor", "", "the co-op account that hosts it (default: the first)")
	})
	if err != nil {
		return fail(e, err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail(e, &config.UsageError{Msg: fmt.Sprintf("cannot read %s: %v", file, unwrapPath(err))})
	}
	var in app.GatheringInput
	if err := app.DecodeStrict(data, &in); err != nil {
		return fail(e, asUsage(fmt.Errorf("%s: %w", file, err)))
	}
	inst, err := open(ctx, cfg, newLogger(cfg, io.Discard))
	if err != nil {
		return fail(e, err)
	}
	defer inst.Store.Close()
	if _, err := inst.App.Setup(ctx, cfg.CoopHandle, cfg.CoopName); err != nil {
		return fail(e, err)
	}
	if handle == "" {
		if handle, err = inst.App.DefaultActor(ctx); err != nil {
			return fail(e, err)
		}
	}
	ref, err := inst.App.CreateGathering(ctx, handle, &in, publish)
	if err != nil {
		return fail(e, asUsage(fmt.Errorf("%s: %w", file, err)))
	}
	state := "saved as a draft"
	if publish {
		state = "published"
	}
	fmt.Fprintf(e.stdout, "%s %q with %d sessions: %s\n", state, in.Title, len(ref.Sessions), ref.URL)
	for _, w := range ref.Warnings {
		fmt.Fprintf(e.stderr, "note: %s: %s\n", w.Field, w.Warning)
	}
	return exitOK
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
