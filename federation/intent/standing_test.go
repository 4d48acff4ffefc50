package intent_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/intent"
)

// standingCases are replies to one occurrence of a series, in each
// language of phrases.json: what they say of all the occurrences, and
// (where it matters) that Read still reads the reply as it did.
var standingCases = []struct {
	lang string
	in   string
	want intent.Standing
}{
	// English
	{"en", mastodon("I&#39;ll come to all of them!"), intent.AllOfThem},
	{"en", mastodon("Every month, count me in"), intent.AllOfThem},
	{"en", gts("Put me down for all of them please"), intent.AllOfThem},
	{"en", mastodon("all the calls 🙋"), intent.AllOfThem},
	{"en", mastodon("I&#39;ll be at every one of them"), intent.AllOfThem},
	{"en", mastodon("Sign me up for all, I love these"), intent.AllOfThem},
	{"en", mastodon("Not any more, sorry"), intent.NoMore},
	{"en", mastodon("I can&#39;t do these no longer"), intent.NoMore},
	{"en", mastodon("Please stop"), intent.NoMore},
	{"en", mastodon("I&#39;ll come to all of them. Actually no, not any more."), intent.NoMore},
	{"en", mastodon("Not any more. Oh wait, I&#39;ll come to all of them after all"), intent.AllOfThem},
	{"en", mastodon("I can&#39;t come to all of them"), intent.NotStanding},
	{"en", mastodon("Not every week, just this one"), intent.NotStanding},
	{"en", mastodon("Maybe all of them, we&#39;ll see"), intent.NotStanding},
	{"en", mastodon("Are you doing these every month?"), intent.NotStanding},
	{"en", mastodon("I&#39;m going!"), intent.NotStanding},
	{"en", mastodon("Thanks every one for organising"), intent.NotStanding},
	{"en", mastodon("I&#39;ll stop by after work"), intent.NotStanding},
	// French
	{"fr", mastodon("Je viendrai à toutes !"), intent.AllOfThem},
	{"fr", mastodon("Chaque mois, bien sûr"), intent.AllOfThem},
	{"fr", mastodon("Je serai là tous les mois"), intent.AllOfThem},
	{"fr", mastodon("Plus maintenant, désolée"), intent.NoMore},
	{"fr", mastodon("Je ne viendrai plus, merci pour tout"), intent.NoMore},
	{"fr", mastodon("Merci à tous !"), intent.NotStanding},
	{"fr", mastodon("Vous faites ça chaque mois ?"), intent.NotStanding},
	// German
	{"de", mastodon("Ich komme zu allen!"), intent.AllOfThem},
	{"de", mastodon("Jeden Monat dabei"), intent.AllOfThem},
	{"de", mastodon("Bin bei allen dabei 👍"), intent.AllOfThem},
	{"de", mastodon("Nicht mehr, tut mir leid"), intent.NoMore},
	{"de", mastodon("Bitte meldet mich ab"), intent.NoMore},
	{"de", mastodon("Kann leider nicht zu allen kommen"), intent.NotStanding},
	{"de", mastodon("Danke an alle!"), intent.NotStanding},
	// Spanish
	{"es", mastodon("¡Iré a todas!"), intent.AllOfThem},
	{"es", mastodon("Cada mes, cuenta conmigo"), intent.AllOfThem},
	{"es", mastodon("Voy a todas las llamadas"), intent.AllOfThem},
	{"es", mastodon("Ya no, lo siento"), intent.NoMore},
	{"es", mastodon("Me doy de baja, gracias"), intent.NoMore},
	{"es", mastodon("Gracias a todos"), intent.NotStanding},
	{"es", mastodon("¿Es cada mes?"), intent.NotStanding},
	// Welsh
	{"cy", mastodon("Dof i bob un!"), intent.AllOfThem},
	{"cy", mastodon("Bob mis, wrth gwrs"), intent.AllOfThem},
	{"cy", mastodon("Dim mwy, sori"), intent.NoMore},
	{"cy", mastodon("Ddim bellach, diolch"), intent.NoMore},
	{"cy", mastodon("Diolch bob un!"), intent.NotStanding},
	{"cy", mastodon("Methu dod i bob un"), intent.NotStanding},
}

func TestReadStanding(t *testing.T) {
	t.Parallel()
	langs := map[string]int{}
	for _, c := range standingCases {
		langs[c.lang]++
		require.Equal(t, c.want, intent.ReadStanding(c.in), "%s: %s", c.lang, c.in)
		require.Equal(t, c.want, intent.ReadStandingText(intent.PlainText(c.in)), "%s as text: %s", c.lang, c.in)
	}
	for _, code := range []string{"en", "fr", "de", "es", "cy"} {
		require.GreaterOrEqual(t, langs[code], 5, "cases in %s", code)
	}
}

// TestReadStandingLeavesReadAlone: the standing phrases are a table of
// their own, so a reply that stands reads as it did for its occurrence.
func TestReadStandingLeavesReadAlone(t *testing.T) {
	t.Parallel()
	require.Equal(t, intent.Going, intent.Read(mastodon("I&#39;ll come to all of them!")))
	require.Equal(t, intent.None, intent.Read(mastodon("all of them")))
	require.Equal(t, intent.NotGoing, intent.Read(mastodon("Not any more, sorry")))
	for _, c := range readCases {
		if intent.Read(c.in) != c.want {
			t.Errorf("%s: Read(%q) = %v, want %v", c.lang, c.in, intent.Read(c.in), c.want)
		}
	}
}

func TestStandingString(t *testing.T) {
	t.Parallel()
	require.Equal(t, "none", intent.NotStanding.String())
	require.Equal(t, "all", intent.AllOfThem.String())
	require.Equal(t, "no_more", intent.NoMore.String())
	require.Equal(t, "Standing(9)", intent.Standing(9).String())
}
