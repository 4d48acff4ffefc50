package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/config"
	"github.com/gather-coop/gather/internal/server"
)

// parseFlags parses args for a command with the common configuration flags
// plus any the command adds with extra. It prints a usage line and returns a
// usage error on bad input, or flag.ErrHelp after printing help.
func parseFlags(name, summary string, args []string, e env, extra func(fs *flag.FlagSet)) (config.Config, error) {
	fs := flag.NewFlagSet("gather "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := config.Flags(fs, e.getenv)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(e.stdout)
			fmt.Fprintf(e.stdout, "gather %s: %s\n\nFlags:\n", name, summary)
			fs.PrintDefaults()
			return config.Config{}, flag.ErrHelp
		}
		return config.Config{}, &config.UsageError{Msg: err.Error()}
	}
	if fs.NArg() > 0 {
		return config.Config{}, &config.UsageError{Msg: fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return b.Finish()
}

// fail prints err as one line on stderr and returns the exit code it
// deserves.
func fail(e env, err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintln(e.stderr, "gather:", msg)
	if config.IsUsage(err) {
		return exitUsage
	}
	return exitRuntime
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	text := cfg.LogFormat == "text"
	if cfg.LogFormat == "auto" {
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				text = true
			}
		}
	}
	if text {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// open wires an instance for a command.
func open(ctx context.Context, cfg config.Config, log *slog.Logger) (*server.Instance, error) {
	return server.Open(ctx, cfg, log, buildVersion())
}

// asUsage turns a validation error from the app into a usage error, so
// the command exits 2 for input the person can fix.
func asUsage(err error) error {
	var v *app.ValidationError
	if errors.As(err, &v) {
		return &config.UsageError{Msg: err.Error()}
	}
	return err
}
