//! The dossier fields, shared by intake and correction.

use crate::components::field::{Field, FormErrors};
use crate::domain::client::ClientForm;
use crate::text;
use leptos::prelude::*;

#[component]
pub fn ClientFields(initial: ClientForm, errors: FormErrors) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{text::tr!(section_name)}</legend>
            <Field field="first_name" name="form[first_name]" label=text::tr!(first_name) value=initial.first_name errors autocomplete="off"/>
            <Field field="initials" name="form[initials]" label=text::tr!(initials) value=initial.initials errors optional=true/>
            <Field field="surname" name="form[surname]" label=text::tr!(surname) value=initial.surname errors/>
            <Field field="date_of_birth" name="form[date_of_birth]" label=text::tr!(date_of_birth) value=initial.date_of_birth errors input_type="date"/>
        </fieldset>
        <fieldset>
            <legend>{text::tr!(section_contact)}</legend>
            <p class="hint">{text::tr!(contact_hint)}</p>
            <Field field="email" name="form[email]" label=text::tr!(email) value=initial.email errors input_type="email" inputmode="email"/>
            <Field field="mobile" name="form[mobile]" label=text::tr!(mobile) value=initial.mobile errors input_type="tel" inputmode="tel"/>
        </fieldset>
        <fieldset>
            <legend>{text::tr!(section_address)} " " <span class="optional">{text::tr!(optional)}</span></legend>
            <Field field="street" name="form[street]" label=text::tr!(street) value=initial.street errors/>
            <div class="row">
                <Field field="house_number" name="form[house_number]" label=text::tr!(house_number) value=initial.house_number errors/>
                <Field field="postcode" name="form[postcode]" label=text::tr!(postcode) value=initial.postcode errors/>
            </div>
            <Field field="city" name="form[city]" label=text::tr!(city) value=initial.city errors/>
        </fieldset>
        <fieldset>
            <legend>{text::tr!(section_referrer)}</legend>
            <Field field="referrer" name="form[referrer]" label=text::tr!(referrer) value=initial.referrer errors optional=true hint=text::tr!(referrer_hint)/>
        </fieldset>
    }
}

/// Today in the browser, for the comfort check of a date of birth (the server decides).
pub fn browser_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
