package event

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/model"
)

// TestFacilitatorCredits: an account is credited as Mastodon writes a
// mention, after a name that says more than the handle; a name alone, or
// a handle not (yet) found, is plain escaped text.
func TestFacilitatorCredits(t *testing.T) {
	t.Parallel()
	mention := `<span class="h-card"><a href="https://gts.test/@bob" class="u-url mention">@<span>bob</span></a></span>`
	bob := model.Facilitator{Handle: "@bob@gts.test", ActorURI: "https://gts.test/users/bob", ProfileURL: "https://gts.test/@bob"}
	named := bob
	named.Name = "Bob <Builder> & co"
	same := bob
	same.Name = "Bob"
	for _, tc := range []struct {
		name string
		in   []model.Facilitator
		want string
	}{
		{"account", []model.Facilitator{bob}, mention},
		{"account with a name", []model.Facilitator{named}, "Bob &lt;Builder&gt; &amp; co (" + mention + ")"},
		{"name that is the user", []model.Facilitator{same}, mention},
		{"name only", []model.Facilitator{{Name: "A visiting researcher"}}, "A visiting researcher"},
		{"handle not found yet", []model.Facilitator{{Handle: "@carol@down.example"}}, "@carol@down.example"},
		{"several", []model.Facilitator{bob, {Name: "Dee"}}, mention + ", Dee"},
		{"none", nil, ""},
	} {
		require.Equal(t, tc.want, facilitatorCredits(tc.in), tc.name)
	}
}
