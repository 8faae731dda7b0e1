"""Stage views: one file per role. They read arrays from the state's trace and do no array math
(numbers they need come from core.summaries); none of them imports torch."""
