<?xml version="1.0" encoding="UTF-8"?>
<!-- CN22 customs declaration as SVG, A6 landscape (148 x 105 mm). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns="http://www.w3.org/2000/svg"
                >
  <xsl:import href="../common.xsl"/>
  <xsl:include href="postal.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/CN22">
    <svg width="148mm" height="105mm" viewBox="0 0 148 105" font-family="{$font}">
      <rect x="0" y="0" width="148" height="105" fill="#fff"/>
      <rect x="2" y="2" width="144" height="101" fill="none" stroke="#000" stroke-width="0.5"/>
      <xsl:call-template name="postal-body">
        <xsl:with-param name="width" select="148"/><xsl:with-param name="title" select="'cn22_title'"/><xsl:with-param name="top" select="9"/>
      </xsl:call-template>
    </svg>
  </xsl:template>
</xsl:stylesheet>
