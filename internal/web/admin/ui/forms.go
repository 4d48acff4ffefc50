package ui

import (
	"errors"
	"strings"

	"github.com/gather-coop/gather/internal/app"
)

// Field is one input of a form, with what was typed and what is wrong.
type Field struct {
	Name  string
	Label string
	Type  string // text, password…
	Value string // what was typed; never set for passwords
	Hint  string
	Error string
	// Notice is something saved that needs a look, said next to the
	// field but not an error (a facilitator not confirmed yet).
	Notice       string
	Autocomplete string
	// Verbatim turns off capitals and spelling: usernames, passwords.
	Verbatim bool
	// Focus puts the cursor here when the page opens: the first field
	// with an error.
	Focus bool
	// Options are a select's choices, or a text input's suggestions.
	Options []Option
	// Rows is a textarea's height in lines.
	Rows int
}

// DescribedBy lists the ids of the hint and error, for aria-describedby.
func (f *Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.Name+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.Name+"-error")
	}
	if f.Notice != "" {
		ids = append(ids, f.Name+"-notice")
	}
	return strings.Join(ids, " ")
}

// Hidden is a hidden input.
type Hidden struct{ Name, Value string }

// Form is a form as shown: its fields, and a problem with the whole of it
// (such as too many attempts) when there is one.
type Form struct {
	Action  string
	Submit  string
	Hidden  []Hidden
	Fields  []*Field
	Problem string
}

// Field returns the field called name, or nil.
func (f *Form) Field(name string) *Field {
	for _, fl := range f.Fields {
		if fl.Name == name {
			return fl
		}
	}
	return nil
}

// Invalid reports whether the form has anything to correct.
func (f *Form) Invalid() bool { return f.Problem != "" || len(f.FieldErrors()) > 0 }

// FieldErrors are the fields with an error, in order, for the summary.
func (f *Form) FieldErrors() []*Field {
	var out []*Field
	for _, fl := range f.Fields {
		if fl.Error != "" {
			out = append(out, fl)
		}
	}
	return out
}

// SetError puts msg next to the field called name (or, if there is no such
// field, above the form) and the cursor in the first field with an error.
func (f *Form) SetError(name, msg string) {
	fl := f.Field(name)
	if fl == nil {
		if f.Problem == "" {
			f.Problem = msg
		}
		return
	}
	fl.Error = msg
	for _, other := range f.Fields {
		other.Focus = other == f.FieldErrors()[0]
	}
}

// Place shows err on the form if it is a person's mistake
// (*app.ValidationError) and reports whether it was.
func (f *Form) Place(err error) bool {
	var v *app.ValidationError
	if !errors.As(err, &v) {
		return false
	}
	f.SetError(v.Field, Sentence(v.Msg))
	return true
}

// Option is one choice of a select, or a suggestion of a text input.
type Option struct {
	Value, Label string
	Selected     bool
}

// PlaceErrors shows err on f if it is a person's mistake, each of app's
// messages next to the input it is about (inputFor names the input for
// app's field name), and reports whether it was. A field holds one
// message: the first, the one to fix first.
func PlaceErrors(f *Form, err error, inputFor func(string) string) bool {
	all := app.ValidationErrors(err)
	if len(all) == 0 {
		return false
	}
	for _, v := range all {
		name := inputFor(v.Field)
		msg := humanize(v.Msg)
		fl := f.Field(name)
		if fl != nil && fl.Error != "" {
			continue
		}
		if fl != nil && startsWithVerb(msg) {
			msg = fl.Label + " " + msg
		}
		f.SetError(name, Sentence(msg))
	}
	return true
}

var fieldWords = strings.NewReplacer("starts_at", "the start", "ends_at", "the end",
	"an online_url", "an online link", "online_url", "the online link")

func humanize(msg string) string { return fieldWords.Replace(msg) }

// startsWithVerb reports whether msg needs its field's name before it,
// as "is required" does.
func startsWithVerb(msg string) bool {
	for _, verb := range []string{"is ", "must ", "should "} {
		if strings.HasPrefix(msg, verb) {
			return true
		}
	}
	return false
}

// Checkbox is a checkbox field's Value when it is ticked or not.
func Checkbox(on bool) string {
	if on {
		return "on"
	}
	return ""
}

// zones are the time zones the forms suggest; any other IANA name may be
// typed.
var zones = []string{
	"Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Brussels", "Europe/Amsterdam",
	"Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Vienna", "Europe/Stockholm", "Europe/Warsaw",
	"Europe/Athens", "Europe/Helsinki", "America/New_York", "America/Chicago", "America/Denver",
	"America/Los_Angeles", "America/Toronto", "America/Vancouver", "America/Mexico_City", "America/Sao_Paulo",
	"America/Argentina/Buenos_Aires", "Africa/Lagos", "Africa/Nairobi", "Africa/Johannesburg", "Asia/Kolkata",
	"Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "UTC",
}

// ZoneOptions are the suggestions of a time zone input.
func ZoneOptions() []Option {
	out := make([]Option, len(zones))
	for i, z := range zones {
		out[i] = Option{Value: z, Label: strings.ReplaceAll(z, "_", " ")}
	}
	return out
}
