// The English messages of the booking page: loaded with that page, so the other public pages (the
// self-check above all) do not download them. Same rules as en.ts; `MessageKey` covers them.
export const enBook = {
  "booking.selfCheck.title": "From your self-check",
  "booking.selfCheck.concerns": "You would like to treat: {concerns}",
  "booking.selfCheck.areas": "Where: {areas}",
  "booking.selfCheck.stillBook":
    "You can still book a consultation: a clinician will talk it through with you and suggest what could help instead.",
  "booking.selfCheck.notSent":
    "Your self-check answers stay on this phone and are not sent with the booking. Please mention them at your consultation.",
  "booking.selfCheck.redo": "Do the self-check again",
  "booking.selfCheck.send": "Send these answers to the clinic with my booking",
  "booking.selfCheck.sendHelp":
    "The clinic sees them before your consultation. They are your own answers: a clinician still checks everything with you.",
  "booking.selfCheck.willSend":
    "Your self-check answers and result will be sent with your booking. Untick the box to keep them on this phone.",
  "book.notice.taken": "That time was just taken. Please choose another.",
  "book.notice.expired": "We could not keep the time any longer.",
  "book.notice.title": "Please choose again",
  "book.review.title": "Check and confirm",
  "book.review.for": "For {name} ({email}). We hold this time for you until {time}.",
  "book.review.confirm": "Confirm booking",
  "book.review.change": "Change details",
  "book.when.title": "1. Choose a time",
  "book.when.type": "{type}, {minutes} minutes. Times are on the clinic's clock.",
  "book.when.typeFree": "{type}, {minutes} minutes, free of charge. Times are on the clinic's clock.",
  "book.when.retry": "Try again",
  "book.when.none": "No free times in this period. Please call us.",
  "book.when.days": "Day",
  "book.when.later": "Later dates",
  "book.who.title": "2. Your details",
  "book.who.when": "{date} at {time}",
  "book.who.givenName": "First name",
  "book.who.familyName": "Last name",
  "book.who.email": "E-mail",
  "book.who.phone": "Phone",
  "book.who.dateOfBirth": "Date of birth",
  "book.who.continue": "Continue",
  "book.sent.title": "Check your e-mail",
  "book.sent.text":
    "Thank you. {type}: {when} at {location}. We have sent an e-mail to {email} with what happens next.",
  "book.sent.next":
    "Open it to set up or sign in to your patient portal, where you see your booking. If nothing arrives in a few minutes, look in your spam folder or call the clinic.",
  "book.call.title": "We will call you",
  "book.call.text":
    "Thank you. {type}: {when} at {location}. We are keeping this time for you. The clinic will call you on the phone number you gave us to confirm it.",
  "book.call.next": "If we have not called you within a day, please call us:",
  "book.call.nextNoPhone": "If we have not called you within a day, please call the clinic.",
  "book.page.title": "Book a consultation",
  "book.page.docTitle": "Book a consultation · {name}",
  "book.page.back": "Back to the home page",
  "book.page.contact": "Contact {name}",
  "book.page.orEmail": "or email",
  "book.page.email": "Email",
  "book.page.askReception": "Please ask at the clinic's reception.",
  "book.page.contactFailed":
    "The clinic's contact details could not be loaded. Please try again in a moment.",
  "book.page.what": "What happens at a consultation",
  "book.page.what1": "We look at your skin and talk through what you would like to change.",
  "book.page.what2": "We go through your health, medicines and any recent treatments.",
  "book.page.what3": "If microneedling suits you, you leave with a plan, a price and your first date.",
} as const;
