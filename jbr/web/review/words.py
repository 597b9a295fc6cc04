"""The review's messages to reviewers and the JBR team, in Dutch and English."""

TEXT = {
    "nl": {
        "not_found": "Deze wederhoor bestaat niet of is niet van uw ministerie.",
        "no_role": "Dit token hoort niet bij de wederhoor.",
        "changed": "De cijfers van dit hoofdstuk zijn opnieuw verstuurd nadat u de pagina "
        "opende; bekijk ze opnieuw en geef dan uw oordeel.",
        "comment_needed": "Schrijf uw opmerking in het tekstvak.",
        "not_sent": "Dit hoofdstuk is niet aan uw ministerie verstuurd.",
        "recorded_approved": "Vastgelegd: akkoord met {chapter}.",
        "recorded_comment": "Vastgelegd: uw opmerking bij {chapter}.",
    },
    "en": {
        "not_found": "This review does not exist or is not your ministry's.",
        "no_role": "This token has no part in the review.",
        "changed": "The figures of this chapter were sent again after you opened the page; "
        "look at them again, then give your judgement.",
        "comment_needed": "Write your comment in the text box.",
        "not_sent": "This chapter was not sent to your ministry.",
        "recorded_approved": "Recorded: approval of {chapter}.",
        "recorded_comment": "Recorded: your comment on {chapter}.",
    },
}
