"""The Lessons panel: the study notes' seven chapters as pages that drive the window and check
"try it" tasks from its state. The pages are data (resources/lessons/lessons.json)."""
