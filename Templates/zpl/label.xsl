<?xml version="1.0" encoding="UTF-8"?>
<!-- 4 x 6 in label as ZPL II for 203 dpi Zebra printers (812 x 1218 dots). Field data is hex-escaped with ^FH. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Escapes _ ^ ~ for ^FH (escape character _). -->
  <xsl:template name="esc">
    <xsl:param name="s"/>
    <xsl:choose>
      <xsl:when test="contains($s, '_')">
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-before($s, '_')"/></xsl:call-template>
        <xsl:text>_5F</xsl:text>
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-after($s, '_')"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($s, '^')">
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-before($s, '^')"/></xsl:call-template>
        <xsl:text>_5E</xsl:text>
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-after($s, '^')"/></xsl:call-template>
      </xsl:when>
      <xsl:when test="contains($s, '~')">
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-before($s, '~')"/></xsl:call-template>
        <xsl:text>_7E</xsl:text>
        <xsl:call-template name="esc"><xsl:with-param name="s" select="substring-after($s, '~')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="x"/><xsl:param name="y"/><xsl:param name="h" select="28"/><xsl:param name="text"/>
    <xsl:value-of select="concat('^FO', $x, ',', $y, '^A@N,', $h, ',', $h, ',E:NOTOSANSCJK.TTF^FH^FD')"/>
    <xsl:call-template name="esc"><xsl:with-param name="s" select="$text"/></xsl:call-template>
    <xsl:text>^FS&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="party">
    <xsl:param name="p"/><xsl:param name="x"/><xsl:param name="y"/><xsl:param name="h"/>
    <xsl:call-template name="field"><xsl:with-param name="x" select="$x"/><xsl:with-param name="y" select="$y"/><xsl:with-param name="h" select="$h"/><xsl:with-param name="text" select="$p/Name"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="x" select="$x"/><xsl:with-param name="y" select="$y + $h + 6"/><xsl:with-param name="h" select="$h"/><xsl:with-param name="text" select="$p/Address/Street"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="x" select="$x"/><xsl:with-param name="y" select="$y + 2 * ($h + 6)"/><xsl:with-param name="h" select="$h"/><xsl:with-param name="text" select="normalize-space(concat($p/Address/Postcode, ' ', $p/Address/City, ' ', $p/Address/Region))"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="x" select="$x"/><xsl:with-param name="y" select="$y + 3 * ($h + 6)"/><xsl:with-param name="h" select="$h"/><xsl:with-param name="text" select="$p/Address/Country"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="/ShippingLabel">
    <xsl:text>^XA&#10;^CI28&#10;^PW812&#10;^LL1218&#10;^LH0,0&#10;</xsl:text>
    <xsl:text>^FO10,10^GB792,1198,4^FS&#10;</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="x" select="30"/><xsl:with-param name="y" select="30"/><xsl:with-param name="h" select="56"/><xsl:with-param name="text" select="Carrier"/></xsl:call-template>
    <xsl:if test="Service">
      <xsl:call-template name="field"><xsl:with-param name="x" select="500"/><xsl:with-param name="y" select="50"/><xsl:with-param name="h" select="30"/><xsl:with-param name="text" select="Service"/></xsl:call-template>
    </xsl:if>
    <xsl:text>^FO10,100^GB792,0,4^FS&#10;</xsl:text>
    <xsl:call-template name="party"><xsl:with-param name="p" select="From"/><xsl:with-param name="x" select="30"/><xsl:with-param name="y" select="120"/><xsl:with-param name="h" select="22"/></xsl:call-template>
    <xsl:text>^FO560,110^BQN,2,5^FH^FDMA,</xsl:text>
    <xsl:call-template name="esc"><xsl:with-param name="s" select="QR/Text"/></xsl:call-template>
    <xsl:text>^FS&#10;^FO10,350^GB792,0,2^FS&#10;</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="x" select="30"/><xsl:with-param name="y" select="365"/><xsl:with-param name="h" select="22"/><xsl:with-param name="text"><xsl:call-template name="t"><xsl:with-param name="key" select="'addressee'"/></xsl:call-template></xsl:with-param></xsl:call-template>
    <xsl:call-template name="party"><xsl:with-param name="p" select="To"/><xsl:with-param name="x" select="50"/><xsl:with-param name="y" select="400"/><xsl:with-param name="h" select="36"/></xsl:call-template>
    <xsl:text>^FO10,650^GB792,0,2^FS&#10;</xsl:text>
    <xsl:call-template name="field"><xsl:with-param name="x" select="30"/><xsl:with-param name="y" select="665"/><xsl:with-param name="h" select="26"/><xsl:with-param name="text" select="concat(GrossWeight, ' kg   ', Reference)"/></xsl:call-template>
    <xsl:if test="ItemId">
      <xsl:call-template name="field"><xsl:with-param name="x" select="30"/><xsl:with-param name="y" select="700"/><xsl:with-param name="h" select="30"/><xsl:with-param name="text" select="ItemId"/></xsl:call-template>
    </xsl:if>
    <xsl:for-each select="DangerousGoods/Mark">
      <xsl:variable name="slot"><xsl:choose><xsl:when test="last() &gt; 3"><xsl:value-of select="floor(765 div last())"/></xsl:when><xsl:otherwise>255</xsl:otherwise></xsl:choose></xsl:variable>
      <xsl:variable name="x" select="30 + (position() - 1) * $slot"/>
      <xsl:choose>
        <xsl:when test="@type = 'lithium-battery'">
          <xsl:value-of select="concat('^FO', $x, ',745^GB240,170,10^FS&#10;')"/>
          <xsl:call-template name="field"><xsl:with-param name="x" select="$x + 20"/><xsl:with-param name="y" select="775"/><xsl:with-param name="h" select="24"/><xsl:with-param name="text"><xsl:call-template name="t"><xsl:with-param name="key" select="'lithium_mark'"/></xsl:call-template></xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="x" select="$x + 40"/><xsl:with-param name="y" select="835"/><xsl:with-param name="h" select="44"/><xsl:with-param name="text" select="@un"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="@type = 'class-9'">
          <xsl:value-of select="concat('^FO', $x + 35, ',745^GD85,85,4,B,L^FS&#10;^FO', $x + 120, ',745^GD85,85,4,B,R^FS&#10;')"/>
          <xsl:value-of select="concat('^FO', $x + 35, ',830^GD85,85,4,B,R^FS&#10;^FO', $x + 120, ',830^GD85,85,4,B,L^FS&#10;')"/>
          <xsl:value-of select="concat('^FO', $x + 108, ',860^A0N,40,40^FD9^FS&#10;')"/>
        </xsl:when>
        <xsl:when test="@type = 'limited-quantity' or @type = 'hazard'">
          <xsl:value-of select="concat('^FO', $x + 35, ',745^GD85,85,4,B,L^FS&#10;^FO', $x + 120, ',745^GD85,85,4,B,R^FS&#10;')"/>
          <xsl:value-of select="concat('^FO', $x + 35, ',830^GD85,85,4,B,R^FS&#10;^FO', $x + 120, ',830^GD85,85,4,B,L^FS&#10;')"/>
          <xsl:choose>
            <xsl:when test="@type = 'hazard'"><xsl:value-of select="concat('^FO', $x + 95, ',860^A0N,36,36^FD', @class, '^FS&#10;')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('^FO', $x + 88, ',815^A0N,26,22^FDLTD QTY^FS&#10;')"/></xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test="@type = 'cargo-aircraft-only'">
          <xsl:value-of select="concat('^FO', $x, ',745^GB240,170,170^FS&#10;')"/>
          <xsl:value-of select="concat('^FO', $x + 12, ',790^FR^A0N,28,24^FDCARGO AIRCRAFT ONLY^FS&#10;')"/>
          <xsl:value-of select="concat('^FO', $x + 12, ',840^FR^A0N,18,16^FDFORBIDDEN IN PASSENGER AIRCRAFT^FS&#10;')"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
    <xsl:text>^FO10,930^GB792,0,2^FS&#10;</xsl:text>
    <xsl:value-of select="concat('^FO90,960^BY3^BCN,160,N,N,N^FD&gt;;&gt;8', GS1128/Data, '^FS&#10;')"/>
    <xsl:call-template name="field"><xsl:with-param name="x" select="200"/><xsl:with-param name="y" select="1135"/><xsl:with-param name="h" select="30"/><xsl:with-param name="text" select="GS1128/Text"/></xsl:call-template>
    <xsl:text>^XZ&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
