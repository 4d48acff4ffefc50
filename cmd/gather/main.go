// Command gather runs a Gather server: a federated events server for
// worker co-operatives. See README.md.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…"; otherwise
// it comes from the module's build information.
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}

// Exit codes.
const (
	exitOK      = 0
	exitRuntime = 1 // the environment failed us: database down, port taken…
	exitUsage   = 2 // the command line or configuration is wrong
)

// env is what every command gets: its streams and its environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

const usage = `gather: a federated events server for worker co-ops

Usage:
  gather [serve] [flags]     run the server (migrations are applied at start)
  gather serve --domain D    the same, serving HTTPS for D with a certificate
                             from Let's Encrypt (docs/self-hosting.md)
  gather migrate [flags]     apply database migrations and exit (--dry-run: list them only)
  gather admin COMMAND       manage users, tokens and co-op accounts, back up and
                             check the instance (create-user, create-token, backup,
                             restore, copy-to, doctor…; gather admin --help lists them)
  gather --version           print the version

Run "gather serve --help" for the server's flags; each has a GATHER_* twin.
`

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	cmd := "serve"
	if len(args) > 0 && !isFlag(args[0]) {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
			fmt.Fprintln(stdout, "gather", buildVersion())
			return exitOK
		}
		return serve(ctx, args, e)
	case "migrate":
		return migrate(ctx, args, e)
	case "admin":
		return admin(ctx, args, e)
	case "version":
		fmt.Fprintln(stdout, "gather", buildVersion())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		fmt.Fprintf(stderr, "gather: unknown command %q (try gather --help)\n", cmd)
		return exitUsage
	}
}

func isFlag(s string) bool { return len(s) > 0 && s[0] == '-' && s != "-h" && s != "--help" }

func buildVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "dev"
}
