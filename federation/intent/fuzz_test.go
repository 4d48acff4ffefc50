package intent_test

import (
	"testing"

	"github.com/gather-coop/gather/federation/intent"
)

// FuzzRead feeds any bytes as HTML content. Read must not panic, must
// return one of the four intents, and must equal ReadText of PlainText;
// ReadStanding likewise, with its three.
// The seed corpus is in testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, content string) {
		got := intent.Read(content)
		if got < intent.None || got > intent.NotGoing {
			t.Fatalf("Read(%q) = %v, not an intent", content, got)
		}
		text := intent.PlainText(content)
		if again := intent.ReadText(text); again != got {
			t.Fatalf("Read(%q) = %v but ReadText(%q) = %v", content, got, text, again)
		}
		if raw := intent.ReadText(content); raw < intent.None || raw > intent.NotGoing {
			t.Fatalf("ReadText(%q) = %v, not an intent", content, raw)
		}
		st := intent.ReadStanding(content)
		if st < intent.NotStanding || st > intent.NoMore {
			t.Fatalf("ReadStanding(%q) = %v, not a standing intent", content, st)
		}
		if again := intent.ReadStandingText(text); again != st {
			t.Fatalf("ReadStanding(%q) = %v but ReadStandingText(%q) = %v", content, st, text, again)
		}
	})
}
