package intent_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/intent"
)

// The shapes servers wrap a reply in. Each starts with the mention of our
// account, as a reply from the client does.

// mastodon is Mastodon 4's content: entities for ', the h-card mention.
func mastodon(text string) string {
	return `<p><span class="h-card" translate="no"><a href="https://coop.example/@events" class="u-url mention">@<span>events</span></a></span> ` + text + `</p>`
}

// gts is GoToSocial's content (examples/gotosocial).
func gts(text string) string {
	return `<p><span class="h-card"><a href="https://coop.example/@events" class="u-url mention" rel="nofollow noreferrer noopener" target="_blank">@<span>events</span></a></span> ` + text + `</p>`
}

// akkoma is Pleroma's and Akkoma's content: no <p>, a data-user attribute.
func akkoma(text string) string {
	return `<span class="h-card"><a class="u-url mention" data-user="AbC123" href="https://coop.example/users/events" rel="ugc">@<span>events</span></a></span> ` + text
}

// misskey is Misskey's content: the full handle as link text.
func misskey(text string) string {
	return `<p><a href="https://coop.example/@events" class="u-url mention">@events@coop.example</a> ` + text + `</p>`
}

// hashtag and link are Mastodon's markup for a hashtag and a URL.
func hashtag(tag string) string {
	return `<a href="https://social.example/tags/` + tag + `" class="mention hashtag" rel="tag">#<span>` + tag + `</span></a>`
}

func link(url string) string {
	return `<a href="https://` + url + `" target="_blank" rel="nofollow noopener" translate="no"><span class="invisible">https://</span><span class="">` + url + `</span><span class="invisible"></span></a>`
}

// readCase is one reply; lang is the language it is written in, "emoji"
// for emoji alone or "html" for markup-only cases.
type readCase struct {
	lang string
	in   string
	want intent.Intent
}

var readCases = []readCase{
	// English
	{"en", mastodon("I&#39;m going!"), intent.Going},
	{"en", gts("Count me in!"), intent.Going},
	{"en", mastodon("Yes, count me in"), intent.Going},
	{"en", akkoma("yes!"), intent.Going},
	{"en", mastodon("I&#39;ll be there 🙂"), intent.Going},
	{"en", mastodon("I’m going"), intent.Going},
	{"en", mastodon("I'M GOING!!!"), intent.Going},
	{"en", gts("ill be there! need anything bringing?"), intent.Going},
	{"en", mastodon("Me and Sam will be there"), intent.Going},
	{"en", mastodon("Yep! Bringing cake"), intent.Going},
	{"en", mastodon("I know the venue, going for sure"), intent.Going},
	{"en", mastodon("Nothing could keep me away, I&#39;m in!"), intent.Going},
	{"en", mastodon("I can&#39;t wait!! 🎉"), intent.Going},
	{"en", mastodon("I&#39;m not going to miss this one!"), intent.Going},
	{"en", mastodon("Wouldn&#39;t miss it"), intent.Going},
	{"en", mastodon("I&#39;m going, no doubt"), intent.Going},
	{"en", mastodon("No problem, I&#39;ll be there"), intent.Going},
	{"en", mastodon("No worries, see you there!"), intent.Going},
	{"en", mastodon("Going! Any parking nearby?"), intent.Going},
	{"en", mastodon("Going, is there parking nearby?"), intent.Going},
	{"en", mastodon("Can&#39;t make it... oh wait, yes I can come!"), intent.Going},
	{"en", mastodon("Can&#39;t drive but I&#39;ll be there, getting the train"), intent.Going},
	{"en", mastodon("Anyone want to share a ride? I&#39;m going from Leeds."), intent.Going},
	{"en", "@events@coop.example going, see you at 10", intent.Going},
	{"en", mastodon("Not going, sorry"), intent.NotGoing},
	{"en", mastodon("I&#39;m not going this time, sorry all"), intent.NotGoing},
	{"en", mastodon("won&#39;t be there unfortunately"), intent.NotGoing},
	{"en", mastodon("Can&#39;t make it, have fun everyone!"), intent.NotGoing},
	{"en", gts("can't come :("), intent.NotGoing},
	{"en", mastodon("No longer coming, sorry. Something came up"), intent.NotGoing},
	{"en", mastodon("no sorry"), intent.NotGoing},
	{"en", mastodon("no, I have to work that day"), intent.NotGoing},
	{"en", mastodon("I&#39;m going. Actually, can&#39;t make it."), intent.NotGoing},
	{"en", mastodon("I&#39;m in London that week, so can&#39;t come"), intent.NotGoing},
	{"en", mastodon("Probably not, I&#39;m away that weekend"), intent.NotGoing},
	{"en", mastodon("I&#39;d love to come but I can&#39;t that day"), intent.NotGoing},
	{"en", mastodon("Sadly I&#39;ll be on holiday 😢"), intent.NotGoing},
	{"en", mastodon("I&#39;m not going to make it, have a great time"), intent.NotGoing},
	{"en", mastodon("Don&#39;t think I can make it"), intent.NotGoing},
	{"en", mastodon("Sorry, can&#39;t this time. Next one for sure!"), intent.NotGoing},
	{"en", mastodon("Sorry, I&#39;ve got other plans that day."), intent.NotGoing},
	{"en", mastodon("Can&#39;t make it as I&#39;m going to a wedding"), intent.NotGoing},
	{"en", mastodon("Not sure I&#39;m going yet"), intent.Maybe},
	{"en", mastodon("not sure yet"), intent.Maybe},
	{"en", mastodon("Unsure, depends on work"), intent.Maybe},
	{"en", mastodon("Maybe! Depends if I can get a sitter"), intent.Maybe},
	{"en", mastodon("I&#39;ll try to make it"), intent.Maybe},
	{"en", mastodon("Going to try to make it!"), intent.Maybe},
	{"en", mastodon("I might come, not sure yet"), intent.Maybe},
	{"en", mastodon("It&#39;s a maybe from me"), intent.Maybe},
	{"en", mastodon("Not sure I can make it, will let you know"), intent.Maybe},
	{"en", mastodon("Is anyone going?"), intent.None},
	{"en", mastodon("who&#39;s going?"), intent.None},
	{"en", mastodon("Are you going to stream it?"), intent.None},
	{"en", mastodon("What time does it start?"), intent.None},
	{"en", mastodon("Will there be food?"), intent.None},
	{"en", mastodon("Thanks for organising this!"), intent.None},
	{"en", mastodon("anyone else from the bakery going? " + hashtag("coops")), intent.None},
	{"en", mastodon("Is it step-free? Asking for a friend who wants to come"), intent.None},

	{"en", mastodon("Yes I&#39;ll come along"), intent.Going},
	{"en", gts("Sounds great, I'm in"), intent.Going},
	{"en", akkoma("Put me down as a maybe"), intent.Maybe},
	{"en", misskey("I'm out of town that weekend, sorry!"), intent.NotGoing},
	{"en", mastodon("Hmm, I&#39;ll have to check my calendar"), intent.Maybe},
	{"en", gts("Will do my best to be there"), intent.Maybe},
	{"en", akkoma("We'll be there with bells on"), intent.Going},
	{"en", misskey("Not this time, but please keep me posted about the next one"), intent.NotGoing},
	{"en", mastodon("Sorry, I&#39;m stuck at work"), intent.NotGoing},
	{"en", gts("Ugh, clashes with my shift"), intent.NotGoing},
	{"en", akkoma("See you Saturday!"), intent.Going},
	{"en", misskey("RSVP: yes"), intent.Going},
	{"en", mastodon("I&#39;ll be late but I&#39;ll be there"), intent.Going},
	{"en", gts("Not going to be able to make it, sorry"), intent.NotGoing},
	{"en", akkoma("I will not be attending"), intent.NotGoing},
	{"en", misskey("I have a conflict that day"), intent.NotGoing},
	{"en", mastodon("It&#39;s going to be a great day!"), intent.None},
	{"en", gts("Good to see this going ahead!"), intent.None},
	{"en", akkoma("How's it going?"), intent.None},
	{"en", misskey("Count me out this time"), intent.NotGoing},
	{"en", mastodon("ok, see you there"), intent.Going},
	{"en", gts("Definitely!"), intent.Going},
	{"en", akkoma("I'd rather not"), intent.NotGoing},
	{"en", gts("Absolutely, wouldn't miss it for the world"), intent.Going},
	{"en", mastodon("Gutted, I&#39;m working that day"), intent.NotGoing},
	{"en", akkoma("Might swing by for an hour or so"), intent.Maybe},
	{"en", misskey("Yes! Is there a creche?"), intent.Going},
	{"en", gts("My partner can't come but I will"), intent.Going},
	{"en", mastodon("Hoping to make it, train strikes permitting"), intent.Maybe},
	{"en", akkoma("Sorry folks, not this time"), intent.NotGoing},
	{"en", misskey("Booked my train, see you there!"), intent.Going},
	{"en", gts("Nope, can't do Saturdays"), intent.NotGoing},
	{"en", mastodon("Is it still happening? I&#39;ll come if so"), intent.Going},
	{"en", akkoma("count me in!! 🙌"), intent.Going},
	{"en", misskey("Thanks for the invite, but I'll pass"), intent.NotGoing},
	// French
	{"fr", mastodon("Je viens !"), intent.Going},
	{"fr", mastodon("J&#39;y serai 🙂"), intent.Going},
	{"fr", gts("Oui, je serai là"), intent.Going},
	{"fr", mastodon("JE VIENS"), intent.Going},
	{"fr", mastodon("Pas de problème, j’y serai"), intent.Going},
	{"fr", mastodon("Compte sur moi !"), intent.Going},
	{"fr", mastodon("Avec plaisir !"), intent.Going},
	{"fr", mastodon("J&#39;ai hâte !"), intent.Going},
	{"fr", akkoma("Présente !"), intent.Going},
	{"fr", mastodon("Je viendrai avec ma collègue"), intent.Going},
	{"fr", mastodon("Je viens ! Il y a un parking ?"), intent.Going},
	{"fr", mastodon("Je ne pourrai pas venir, désolé"), intent.NotGoing},
	{"fr", mastodon("Je ne viens pas"), intent.NotGoing},
	{"fr", mastodon("Non, désolée, je ne suis pas dispo ce jour-là"), intent.NotGoing},
	{"fr", mastodon("Je viens. Ah non, finalement je ne peux pas."), intent.NotGoing},
	{"fr", mastodon("Je passe mon tour cette fois, bonne soirée à tous"), intent.NotGoing},
	{"fr", mastodon("Je serai pas là malheureusement"), intent.NotGoing},
	{"fr", mastodon("J&#39;y serai pas, une prochaine fois !"), intent.NotGoing},
	{"fr", mastodon("Probablement pas, désolé"), intent.NotGoing},
	{"fr", mastodon("Je ne viendrai plus, désolé"), intent.NotGoing},
	{"fr", mastodon("Malheureusement non"), intent.NotGoing},
	{"fr", mastodon("Peut-être, je vous dis ça la semaine prochaine"), intent.Maybe},
	{"fr", mastodon("peut etre"), intent.Maybe},
	{"fr", mastodon("Pas sûr de pouvoir venir"), intent.Maybe},
	{"fr", mastodon("Ptet, si j&#39;ai le temps"), intent.Maybe},
	{"fr", mastodon("Je ne sais pas encore, je vous tiens au courant"), intent.Maybe},
	{"fr", mastodon("Qui vient ?"), intent.None},
	{"fr", mastodon("Est-ce que c&#39;est accessible en fauteuil ?"), intent.None},
	{"fr", mastodon("Ce sera à quelle heure ?"), intent.None},
	{"fr", mastodon("Merci pour l&#39;organisation !"), intent.None},

	{"fr", misskey("Je serai de la partie !"), intent.Going},
	{"fr", mastodon("Je ne serai pas disponible ce jour-là"), intent.NotGoing},
	{"fr", gts("Oui !"), intent.Going},
	{"fr", akkoma("Désolé, je suis en vacances"), intent.NotGoing},
	{"fr", misskey("J'essaierai de passer"), intent.Maybe},
	{"fr", mastodon("Je passerai en fin de journée"), intent.Going},
	{"fr", gts("Inscrite !"), intent.Going},
	{"fr", akkoma("Nous serons trois"), intent.Going},
	{"fr", misskey("Ça dépend de mon boulot"), intent.Maybe},
	{"fr", mastodon("Je ne suis pas sûre de pouvoir venir"), intent.Maybe},
	{"fr", gts("Je ne pourrai malheureusement pas être là"), intent.NotGoing},
	{"fr", mastodon("On sera deux !"), intent.Going},
	{"fr", akkoma("Oui, avec plaisir, je m'inscris"), intent.Going},
	{"fr", misskey("Non, pas cette fois"), intent.NotGoing},
	{"fr", gts("C'est où exactement ?"), intent.None},
	{"fr", mastodon("Bien sûr que je viens !"), intent.Going},
	{"fr", akkoma("Je ne suis pas certaine, je vous redis"), intent.Maybe},
	{"fr", misskey("je viens pas finalement desole"), intent.NotGoing},
	// German
	{"de", mastodon("Ich komme!"), intent.Going},
	{"de", mastodon("Bin dabei 👍"), intent.Going},
	{"de", gts("Ja, ich bin dabei"), intent.Going},
	{"de", mastodon("ICH KOMME"), intent.Going},
	{"de", mastodon("Kein Problem, ich komme"), intent.Going},
	{"de", mastodon("Klar, ich komme gerne"), intent.Going},
	{"de", mastodon("Ich freue mich drauf!"), intent.Going},
	{"de", mastodon("Wir kommen zu zweit"), intent.Going},
	{"de", mastodon("Bin dabei! Gibt es Parkplätze?"), intent.Going},
	{"de", mastodon("Ich kann leider nicht kommen"), intent.NotGoing},
	{"de", mastodon("Komme leider nicht, viel Spaß euch!"), intent.NotGoing},
	{"de", mastodon("Ich bin nicht dabei"), intent.NotGoing},
	{"de", mastodon("Ich komme. Ach, doch nicht, sorry."), intent.NotGoing},
	{"de", mastodon("Leider nein, bin im Urlaub"), intent.NotGoing},
	{"de", mastodon("Ich schaffe es leider nicht"), intent.NotGoing},
	{"de", mastodon("Bin raus, sorry"), intent.NotGoing},
	{"de", akkoma("Nein"), intent.NotGoing},
	{"de", mastodon("Würde gerne kommen, habe aber keine Zeit"), intent.NotGoing},
	{"de", mastodon("Vielleicht, muss noch schauen"), intent.Maybe},
	{"de", mastodon("Weiß noch nicht, ob ich es schaffe"), intent.Maybe},
	{"de", mastodon("Nicht sicher, ob ich komme"), intent.Maybe},
	{"de", mastodon("Mal sehen, ob es klappt"), intent.Maybe},
	{"de", mastodon("Ich komme wahrscheinlich, aber etwas später"), intent.Maybe},
	{"de", mastodon("Kommt jemand aus Leipzig?"), intent.None},
	{"de", mastodon("Wann geht es los?"), intent.None},
	{"de", mastodon("Gibt es vegane Verpflegung?"), intent.None},

	{"de", gts("Ich bin auf jeden Fall dabei!"), intent.Going},
	{"de", akkoma("Hab leider keine Zeit"), intent.NotGoing},
	{"de", misskey("Zusage!"), intent.Going},
	{"de", mastodon("Ich bin krank, sorry"), intent.NotGoing},
	{"de", gts("Muss leider absagen"), intent.NotGoing},
	{"de", akkoma("Kann nicht, bin verreist"), intent.NotGoing},
	{"de", misskey("Ich versuche zu kommen"), intent.Maybe},
	{"de", mastodon("Wir sind da!"), intent.Going},
	{"de", gts("Komme später nach"), intent.Going},
	{"de", akkoma("Ich werde wohl nicht kommen können"), intent.NotGoing},
	{"de", misskey("Wie immer dabei!"), intent.Going},
	{"de", gts("Ja klar, wir kommen!"), intent.Going},
	{"de", mastodon("Bin leider verhindert"), intent.NotGoing},
	{"de", akkoma("Ich komme, aber erst gegen 11"), intent.Going},
	{"de", misskey("Schaffe ich leider nicht"), intent.NotGoing},
	{"de", gts("Eventuell, ich sag noch Bescheid"), intent.Maybe},
	{"de", mastodon("Gibt es eine Kinderbetreuung? Dann komme ich"), intent.Going},
	{"de", akkoma("Nein, sorry, ich bin an dem Tag arbeiten"), intent.NotGoing},
	// Spanish
	{"es", mastodon("¡Voy!"), intent.Going},
	{"es", mastodon("Sí, voy"), intent.Going},
	{"es", mastodon("Allí estaré 🙌"), intent.Going},
	{"es", gts("Cuenta conmigo"), intent.Going},
	{"es", mastodon("Me apunto!"), intent.Going},
	{"es", mastodon("No hay problema, allí estaré"), intent.Going},
	{"es", mastodon("Claro que sí, ahí estaré"), intent.Going},
	{"es", mastodon("¡Qué ganas! Nos vemos allí"), intent.Going},
	{"es", mastodon("Iré con mi pareja"), intent.Going},
	{"es", mastodon("SI VOY"), intent.Going},
	{"es", mastodon("Voy, ¿hay parking cerca?"), intent.Going},
	{"es", mastodon("No puedo ir, lo siento"), intent.NotGoing},
	{"es", mastodon("No voy a poder, otra vez será"), intent.NotGoing},
	{"es", mastodon("Voy. Bueno, al final no puedo, lo siento"), intent.NotGoing},
	{"es", mastodon("Esta vez no, la próxima sí"), intent.NotGoing},
	{"es", akkoma("no"), intent.NotGoing},
	{"es", mastodon("Ya no voy, me surgió algo"), intent.NotGoing},
	{"es", mastodon("Me lo voy a perder, estaré de viaje"), intent.NotGoing},
	{"es", mastodon("Probablemente no pueda ir"), intent.NotGoing},
	{"es", mastodon("Quizás, depende del trabajo"), intent.Maybe},
	{"es", mastodon("No sé si podré ir"), intent.Maybe},
	{"es", mastodon("No estoy segura todavía"), intent.Maybe},
	{"es", mastodon("Tal vez"), intent.Maybe},
	{"es", mastodon("Lo intentaré, pero no prometo nada"), intent.Maybe},
	{"es", mastodon("¿Alguien va?"), intent.None},
	{"es", mastodon("¿A qué hora empieza?"), intent.None},

	{"es", mastodon("Ahí nos vemos"), intent.Going},
	{"es", gts("Me encantaría ir pero no puedo"), intent.NotGoing},
	{"es", akkoma("Voy con mis hijos"), intent.Going},
	{"es", misskey("Estoy enfermo, no podré ir"), intent.NotGoing},
	{"es", mastodon("Puede que vaya"), intent.Maybe},
	{"es", gts("A lo mejor me paso un rato"), intent.Maybe},
	{"es", akkoma("¡Claro!"), intent.Going},
	{"es", misskey("No, gracias"), intent.NotGoing},
	{"es", mastodon("Sí, pero llegaré tarde"), intent.Going},
	{"es", gts("Me encantaría ir"), intent.Going},
	{"es", misskey("¡Claro que voy!"), intent.Going},
	{"es", gts("Lo siento, no puedo asistir"), intent.NotGoing},
	{"es", mastodon("Todavía no lo sé"), intent.Maybe},
	{"es", akkoma("¿Se puede ir con niños? Si es así, voy"), intent.Going},
	{"es", misskey("No podré, tengo que trabajar"), intent.NotGoing},
	{"es", gts("Nos vemos el sábado!"), intent.Going},
	{"es", mastodon("Igual me paso un rato por la tarde"), intent.Maybe},
	// Welsh
	{"cy", mastodon("Dw i&#39;n dod!"), intent.Going},
	{"cy", mastodon("Dwi’n dod 👍"), intent.Going},
	{"cy", gts("Bydda i yna"), intent.Going},
	{"cy", mastodon("Ie, bydda i &#39;na"), intent.Going},
	{"cy", mastodon("Wela i chi yna!"), intent.Going},
	{"cy", mastodon("Dim problem, bydda i yna"), intent.Going},
	{"cy", akkoma("Ydw!"), intent.Going},
	{"cy", mastodon("Edrych ymlaen!"), intent.Going},
	{"cy", mastodon("Methu aros!"), intent.Going},
	{"cy", mastodon("Dw i&#39;n dod! Oes parcio yno?"), intent.Going},
	{"cy", mastodon("Methu dod, sori"), intent.NotGoing},
	{"cy", mastodon("Dw i ddim yn dod, sori"), intent.NotGoing},
	{"cy", mastodon("Fydda i ddim yna yn anffodus"), intent.NotGoing},
	{"cy", mastodon("Na, sori"), intent.NotGoing},
	{"cy", mastodon("Alla i ddim dod y tro hwn"), intent.NotGoing},
	{"cy", mastodon("Dw i&#39;n dod. O na, methu wedi&#39;r cyfan"), intent.NotGoing},
	{"cy", mastodon("Tro nesa!"), intent.NotGoing},
	{"cy", mastodon("Efallai"), intent.Maybe},
	{"cy", mastodon("Ddim yn siŵr eto"), intent.Maybe},
	{"cy", mastodon("ddim yn siwr eto"), intent.Maybe},
	{"cy", mastodon("Falle, os galla i gael gwarchodwr"), intent.Maybe},
	{"cy", mastodon("Gobeithio dod"), intent.Maybe},
	{"cy", mastodon("Pwy sy&#39;n dod?"), intent.None},
	{"cy", mastodon("Oes parcio?"), intent.None},
	{"cy", mastodon("Pryd mae&#39;n dechrau?"), intent.None},

	{"cy", akkoma("Byddaf yno"), intent.Going},
	{"cy", misskey("Dw i'n edrych ymlaen!"), intent.Going},
	{"cy", mastodon("Sori, methu bod yna"), intent.NotGoing},
	{"cy", gts("Ddim y tro hwn, sori"), intent.NotGoing},
	{"cy", akkoma("Wrth gwrs!"), intent.Going},
	{"cy", misskey("Dwi'n gobeithio dod"), intent.Maybe},
	{"cy", mastodon("Fedra i ddim dod, sori"), intent.NotGoing},
	{"cy", gts("Rydyn ni'n dod!"), intent.Going},
	{"cy", akkoma("Hwyrach"), intent.Maybe},
	{"cy", misskey("Fyddwn ni ddim yna"), intent.NotGoing},
	{"cy", akkoma("Bydda i yna gyda'r plant"), intent.Going},
	{"cy", misskey("Dim diolch"), intent.NotGoing},
	{"cy", gts("Na, dw i'n gweithio'r diwrnod hwnnw"), intent.NotGoing},
	{"cy", mastodon("Ydw, edrych ymlaen!"), intent.Going},
	{"cy", akkoma("Dwi ddim yn siŵr eto, sori"), intent.Maybe},
	{"cy", misskey("Ble mae o?"), intent.None},
	{"cy", gts("Efallai wela i chi yna"), intent.Maybe},
	// Emoji alone, or beside words
	{"emoji", mastodon("👍"), intent.Going},
	{"emoji", mastodon("✅"), intent.Going},
	{"emoji", mastodon("✔️"), intent.Going},
	{"emoji", mastodon("🙋🏽‍♂️"), intent.Going},
	{"emoji", mastodon("❌"), intent.NotGoing},
	{"emoji", mastodon("👎 sorry"), intent.NotGoing},
	{"emoji", mastodon("🤔"), intent.Maybe},
	{"emoji", mastodon("🤷‍♀️"), intent.Maybe},
	{"emoji", mastodon("🎉"), intent.None},
	{"emoji", mastodon("Can&#39;t make it 👍"), intent.NotGoing},

	// Markup around the words
	{"html", mastodon(""), intent.None},
	{"html", mastodon("Can&#39;t make it<br>have fun!"), intent.NotGoing},
	{"html", mastodon("Directions: " + link("maps.example/going-to-coop") + " — going!"), intent.Going},
	{"html", mastodon("anyone " + hashtag("going") + "?"), intent.None},
	{"html", misskey("行きます! going"), intent.Going},
	{"html", `<p>Going!</p><blockquote>Can't go? Reply 'not going'</blockquote>`, intent.Going},
	{"html", gts("Actually, maybe"), intent.Maybe},
	{"html", `<p><span class="h-card"><a href="https://coop.example/@events" class="u-url mention">@<span>events</span></a></span></p><p>not going</p>`, intent.NotGoing},
	{"html", `<p>I&#39;m <b>definitely</b> going<p>unclosed`, intent.Going},
}

func TestRead(t *testing.T) {
	t.Parallel()
	for _, tc := range readCases {
		t.Run(tc.lang+"/"+intent.PlainText(tc.in), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.want, intent.Read(tc.in), "%s", tc.in)
		})
	}
}

// TestReadCasesPerLanguage keeps the table honest as it changes: every
// language has at least twenty replies.
func TestReadCasesPerLanguage(t *testing.T) {
	t.Parallel()
	counts := map[string]int{}
	for _, tc := range readCases {
		counts[tc.lang]++
	}
	for _, lang := range []string{"en", "fr", "de", "es", "cy"} {
		require.GreaterOrEqual(t, counts[lang], 20, lang)
	}
	require.GreaterOrEqual(t, len(readCases), 150)
	t.Logf("cases per language: %v, total %d", counts, len(readCases))
}

func TestReadTextPollNames(t *testing.T) {
	t.Parallel()
	tests := map[string]intent.Intent{
		"Going": intent.Going, "Maybe": intent.Maybe, "Can't go": intent.NotGoing,
		"going": intent.Going, "Can’t go": intent.NotGoing, "": intent.None,
	}
	for name, want := range tests {
		require.Equal(t, want, intent.ReadText(name), name)
	}
}

func TestIntentString(t *testing.T) {
	t.Parallel()
	require.Equal(t, "none", intent.None.String())
	require.Equal(t, "going", intent.Going.String())
	require.Equal(t, "maybe", intent.Maybe.String())
	require.Equal(t, "not_going", intent.NotGoing.String())
	require.Equal(t, "Intent(9)", intent.Intent(9).String())
}
