namespace GameBook; internal static class Placeholder {}
