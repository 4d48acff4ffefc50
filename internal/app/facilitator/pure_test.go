package facilitator

import (
	"errors"
	"fmt"
	"testing"

	"github.com/gather-coop/gather/federation/client"
	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/model"
)

// A failed look-up is retried (and the session saved with a warning) only
// when the answer may change: a server that says no, or a handle that
// cannot be one, is told to the organiser at once.
func TestLookupMayWorkLater(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"server down", errors.New("dial tcp: connection refused"), true},
		{"5xx", &client.StatusError{Code: 503}, true},
		{"no such account", fmt.Errorf("resolve @a@b: %w", apperr.ErrNoSuchAccount), false},
		{"not a handle", fmt.Errorf("%w: no host", errBadHandle), false},
		{"blocked domain", fmt.Errorf("resolve: %w", apperr.ErrBlocked), false},
		{"private address", fmt.Errorf("get: %w", client.ErrForbiddenAddress), false},
		{"plain http refused", fmt.Errorf("get: %w", client.ErrForbiddenScheme), false},
	}
	for _, c := range cases {
		if got := LookupMayWorkLater(c.err); got != c.want {
			t.Errorf("%s: LookupMayWorkLater = %v, want %v", c.name, got, c.want)
		}
	}
}

// Editing a session keeps a facilitator's saved copy when their server
// is down today, however the organiser typed the handle.
func TestSavedFacilitator(t *testing.T) {
	known := []model.Facilitator{{Name: "Ada"}, {Handle: "@Ada@example.coop", Name: "Ada L."}}
	for _, typed := range []string{"@ada@example.coop", "ada@example.coop", "@Ada@Example.Coop"} {
		f, ok := savedFacilitator(known, typed)
		if !ok || f.Name != "Ada L." {
			t.Errorf("savedFacilitator(%q) = %+v, %v; want the saved @Ada@example.coop", typed, f, ok)
		}
	}
	if f, ok := savedFacilitator(known, "@bob@example.coop"); ok {
		t.Errorf("savedFacilitator(@bob@example.coop) = %+v; want none", f)
	}
}

func TestNormalHandle(t *testing.T) {
	for typed, want := range map[string]string{"ada@example.coop": "@ada@example.coop", "@ada@example.coop": "@ada@example.coop", "Ada": "Ada"} {
		if got := normalHandle(typed); got != want {
			t.Errorf("normalHandle(%q) = %q, want %q", typed, got, want)
		}
	}
}
